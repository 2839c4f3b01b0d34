import { hash } from "node:crypto";
import type { MediaRecord, NewPostRecord, PostMedia, PostRecord, Visibility } from "../records.ts";
import type { OpOutcome } from "../store.ts";
import { mayReply, mentionedHandles, type ReplyPolicy } from "../../../../shared/reply-policy.ts";
import { visibleTo } from "./relations.ts";

export interface PostRow {
  seq: number;
  id: string;
  author_id: number;
  handle: string;
  text: string;
  links: string;
  media: string;
  reply_to: string | null;
  quote_of: string | null;
  created_at: string;
  deleted_at: string | null;
  reply_count: number;
  like_count: number;
  repost_count: number;
  object_uri: string | null;
  remote_url: string | null;
  content_warning: string | null;
  sensitive: number;
  visibility: Visibility;
  edited_at: string | null;
  reply_policy: ReplyPolicy;
}

export const SELECT_POST = `SELECT p.seq, p.id, p.author_id, a.handle, p.text, p.links, p.media, p.reply_to, p.quote_of,
  p.created_at, p.deleted_at, p.reply_count, p.like_count, p.repost_count, p.object_uri, p.remote_url,
  p.content_warning, p.sensitive, p.visibility, p.edited_at, p.reply_policy
  FROM posts p JOIN accounts a ON a.id = p.author_id`;

/**
 * Whether the reader may see post `p`: any post but a followers-only one, which only its author
 * and its author's followers here may, and none when the reader or the author blocked the other
 * or the author is suspended. Binds the reader's account id four times (-1 for no one): `readerParams`.
 */
export const READABLE = `(p.visibility != 'followers' OR p.author_id = ?
  OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
  AND ${visibleTo("?", "p.author_id")}`;
export const readerParams = (reader: number | null) =>
  [reader ?? -1, reader ?? -1, reader ?? -1, reader ?? -1] as const;

/** A post's attachments as stored: an upload's id and alt text, or a remote file whole. */
export type StoredMedia = { id: string; alt: string } | Extract<PostMedia, { url: string }>;

/** The ids of the uploads among stored attachments (remote files have no media record). */
export function uploadIds(media: StoredMedia[]): string[] {
  return media.flatMap((a) => ("url" in a ? [] : [a.id]));
}

/** The attachments of each row, and the ids of the uploads among them all (to read in one query). */
export function attachmentsOf(rows: PostRow[]): { attachments: StoredMedia[][]; ids: string[] } {
  const attachments = rows.map((row) => JSON.parse(row.media) as StoredMedia[]);
  return { attachments, ids: uploadIds(attachments.flat()) };
}

/**
 * Posts from their rows, `attachments` as `attachmentsOf` gives them and `stored` the media
 * records of their uploads (an upload with no record is left out).
 */
export function postRecords(
  rows: PostRow[],
  attachments: StoredMedia[][],
  stored: Map<string, MediaRecord>,
): PostRecord[] {
  return rows.map((row, i) => ({
    seq: row.seq,
    id: row.id,
    author: row.handle,
    text: row.text,
    links: JSON.parse(row.links) as string[],
    media: attachments[i]!.flatMap((a): PostMedia[] => {
      if ("url" in a) return [a];
      const media = stored.get(a.id);
      return media ? [{ ...media, alt: a.alt }] : [];
    }),
    replyTo: row.reply_to,
    quoteOf: row.quote_of,
    createdAt: row.created_at,
    deleted: row.deleted_at !== null,
    replyCount: row.reply_count,
    likeCount: row.like_count,
    repostCount: row.repost_count,
    remote: row.object_uri ? { objectUri: row.object_uri, url: row.remote_url ?? row.object_uri } : null,
    contentWarning: row.content_warning,
    sensitive: row.sensitive === 1,
    visibility: row.visibility,
    editedAt: row.edited_at,
    replyPolicy: row.reply_policy,
  }));
}

/** What makes two creations with the same id "the same post": author and content. */
export function contentHash(authorId: number, post: NewPostRecord): string {
  const { replyPolicy } = post;
  const canonical = JSON.stringify([
    authorId,
    post.text,
    post.media,
    post.replyTo,
    post.quoteOf,
    // Posts from before reply policies keep their hash.
    ...(replyPolicy === "everyone" ? [] : [replyPolicy]),
  ]);
  return hash("sha256", canonical, "base64url");
}

export type CreateOutcome = Extract<
  OpOutcome,
  { status: "created" | "existing" | "conflict" | "not_found" | "forbidden" | "reply_limited" }
>;

/** Everything a stored post row holds, as the two kinds of creation give it. */
export type PostInsert = Omit<
  PostRecord,
  "seq" | "author" | "deleted" | "replyCount" | "likeCount" | "repostCount"
> & {
  storedMedia: StoredMedia[];
  contentHash: string;
  /** A post imported from a P92 archive: its address on the server it came from (rows/imports.ts). */
  importedFrom?: string;
};

/** A post written here, its media read (`media`), as insertPost takes it. */
export function localPost(
  post: NewPostRecord,
  media: PostMedia[],
  contentHash: string,
  createdAt: string,
): PostInsert {
  return {
    ...post,
    media,
    storedMedia: post.media,
    createdAt,
    contentHash,
    remote: null,
    contentWarning: null,
    sensitive: false,
    visibility: "public",
    editedAt: null,
  };
}

/** Inserts a post unless its id is taken (then no row): binds `insertPostParams`. */
export const INSERT_POST = `INSERT INTO posts (id, author_id, text, links, media, reply_to, quote_of, content_hash, created_at,
       object_uri, remote_url, content_warning, sensitive, visibility, edited_at, reply_policy, imported_from)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`;

export function insertPostParams(authorId: number, post: PostInsert): (string | number | null)[] {
  return [
    post.id,
    authorId,
    post.text,
    JSON.stringify(post.links),
    JSON.stringify(post.storedMedia),
    post.replyTo,
    post.quoteOf,
    post.contentHash,
    post.createdAt,
    post.remote?.objectUri ?? null,
    post.remote?.url ?? null,
    post.contentWarning,
    post.sensitive ? 1 : 0,
    post.visibility,
    post.editedAt,
    post.replyPolicy,
    post.importedFrom ?? null,
  ];
}

/** The record of a post just inserted, as written (not read back). */
export function insertedRecord(post: PostInsert, seq: number, author: string): PostRecord {
  const { storedMedia: _stored, contentHash: _hash, importedFrom: _from, ...fields } = post;
  return {
    ...fields,
    seq,
    author,
    deleted: false,
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

/**
 * What decides whether account `?` (the second parameter) may reply to post `?` (the first): the
 * post's policy and text, its author (and whether they are here), the replier's handle and
 * whether the author follows them.
 */
export const REPLY_RULE = `SELECT p.reply_policy, p.text, p.author_id, a.id AS replier_id, a.handle,
    EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p.author_id AND f.followee_id = a.id) AS followed,
    (SELECT actor_uri FROM accounts au WHERE au.id = p.author_id) IS NULL AS author_here
  FROM posts p, accounts a WHERE p.id = ? AND a.id = ?`;

/** Changes the policy of a post from elsewhere its server changed (binds policy, id, policy). */
export const SET_REPLY_POLICY = "UPDATE posts SET reply_policy = ? WHERE id = ? AND reply_policy != ?";

export interface ReplyRuleRow {
  reply_policy: ReplyPolicy;
  text: string;
  author_id: number;
  replier_id: number;
  handle: string;
  followed: number | boolean;
  author_here: number | boolean;
}

/**
 * Whether the reply REPLY_RULE was read for may be stored (no row: nothing to refuse here), its
 * replier's full handle being `name@localHost` too. A reply from elsewhere to a post from
 * elsewhere is its author's server's to judge (it may have approved it by hand): kept.
 */
export function replyAllowed(
  row: ReplyRuleRow | undefined,
  localHost: string,
  fromElsewhere = false,
): boolean {
  if (!row || (fromElsewhere && !row.author_here)) return true;
  return mayReply(
    { policy: row.reply_policy, text: row.text },
    { handle: row.handle, followed: Boolean(row.followed), isAuthor: row.author_id === row.replier_id },
    localHost,
  );
}

/** A post being removed (sqlite/posts.ts `removePost`): what its removal must undo. */
export interface RemovedPost {
  id: string;
  seq: number;
  reply_to: string | null;
  /** Its media, as stored (JSON). */
  media: string;
}

/** Binds: time, post. */
export const REMOVE_POST =
  "UPDATE posts SET text = '', links = '[]', media = '[]', deleted_at = ? WHERE id = ?";

/**
 * The accounts of this server a new post of this server mentions (`@name`, or `@name@host` with
 * this server's host), by handle: each is notified of the mention, but its author, those it
 * answers or quotes (told of that instead) and anyone either blocked. Binds: author, post, time,
 * the handles (MENTIONED_HANDLES), author, the post it answers, the one it quotes, author, author.
 */
const NOTIFY_MENTIONS = (
  handles: string,
) => `INSERT INTO notifications (account_id, kind, actor_id, post_id, created_at)
  SELECT a.id, 'mention', ?, ?, ? FROM accounts a
  WHERE a.handle ${handles} AND a.actor_uri IS NULL AND a.deleted_at IS NULL AND a.id != ?
    AND a.id NOT IN (SELECT author_id FROM posts WHERE id IN (?, ?))
    AND NOT EXISTS (SELECT 1 FROM relations rb WHERE rb.kind = 'block'
      AND ((rb.account_id = a.id AND rb.target_id = ?) OR (rb.account_id = ? AND rb.target_id = a.id)))`;
export const NOTIFY_MENTIONS_SQLITE = NOTIFY_MENTIONS("IN (SELECT value FROM json_each(?))");
export const NOTIFY_MENTIONS_POSTGRES = NOTIFY_MENTIONS("= ANY(?::text[])");

/** The local handles a post's text mentions (`name`, `name@localHost`), as NOTIFY_MENTIONS takes them. */
export function localMentions(text: string, localHost: string): string[] {
  const suffix = `@${localHost.toLowerCase()}`;
  return mentionedHandles(text).flatMap((handle) =>
    !handle.includes("@") ? [handle] : handle.endsWith(suffix) ? [handle.slice(0, -suffix.length)] : [],
  );
}

/** The parameters of NOTIFY_MENTIONS after the handles. */
export const mentionParams = (authorId: number, post: { replyTo: string | null; quoteOf: string | null }) => [
  authorId,
  post.replyTo ?? "",
  post.quoteOf ?? "",
  authorId,
  authorId,
];
