/**
 * What an account's archive (Download my data) reads beyond its posts, follows and relations, the
 * same on both databases: the posts it liked or reposted and the Instagram lists it uploaded,
 * page by page in key order.
 */

export type Interaction = "like" | "repost";

export interface InteractedPost {
  postId: string;
  /** The post's ActivityPub id when it came from elsewhere; null for a post from here. */
  objectUri: string | null;
  /** When it was liked or reposted. */
  at: string;
}

/** Binds: account, after (exclusive, '' first), limit. */
export const interactionPageSql = (kind: Interaction) =>
  `SELECT i.post_id AS "postId", p.object_uri AS "objectUri", i.created_at AS "at"
  FROM ${kind === "like" ? "likes" : "reposts"} i JOIN posts p ON p.id = i.post_id
  WHERE i.account_id = ? AND i.post_id > ? AND p.deleted_at IS NULL ORDER BY i.post_id LIMIT ?`;

/** Binds: account, list, after (exclusive, '' first), limit. */
export const INSTAGRAM_LIST_PAGE = `SELECT handle FROM instagram_lists
  WHERE account_id = ? AND list = ? AND handle > ? ORDER BY handle LIMIT ?`;
