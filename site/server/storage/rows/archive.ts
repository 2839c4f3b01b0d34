/**
 * What an account's archive (Download my data) reads beyond its posts and follows, the same on
 * both databases: the posts it liked and the Instagram lists it uploaded, page by page in key order.
 */

export interface LikedPost {
  postId: string;
  /** The post's ActivityPub id when it came from elsewhere; null for a post from here. */
  objectUri: string | null;
  likedAt: string;
}

/** Binds: account, after (exclusive, '' first), limit. */
export const LIKED_PAGE = `SELECT l.post_id AS "postId", p.object_uri AS "objectUri", l.created_at AS "likedAt"
  FROM likes l JOIN posts p ON p.id = l.post_id
  WHERE l.account_id = ? AND l.post_id > ? AND p.deleted_at IS NULL ORDER BY l.post_id LIMIT ?`;

/** Binds: account, list, after (exclusive, '' first), limit. */
export const INSTAGRAM_LIST_PAGE = `SELECT handle FROM instagram_lists
  WHERE account_id = ? AND list = ? AND handle > ? ORDER BY handle LIMIT ?`;
