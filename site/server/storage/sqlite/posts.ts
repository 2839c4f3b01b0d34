import { hash } from "node:crypto";
import type { NewPostRecord, PostMedia, PostRecord, Visibility } from "../records.ts";
import type { MissingField, OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import { attachMedia, detachMedia, mediaById, mediaByIds } from "./media.ts";
import { indexPost, unindexPost } from "./search.ts";
import { now, type Statements } from "./statements.ts";

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
}

export const SELECT_POST = `SELECT p.seq, p.id, p.author_id, a.handle, p.text, p.links, p.media, p.reply_to, p.quote_of,
  p.created_at, p.deleted_at, p.reply_count, p.like_count, p.repost_count, p.object_uri, p.remote_url,
  p.content_warning, p.sensitive, p.visibility, p.edited_at
  FROM posts p JOIN accounts a ON a.id = p.author_id`;

/**
 * Whether the reader may see post `p`: any post but a followers-only one, which only its author
 * and its author's followers here may. Binds the reader's account id twice (-1 for no one).
 */
export const READABLE = `(p.visibility != 'followers' OR p.author_id = ?
  OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))`;
export const readerParams = (reader: number | null) => [reader ?? -1, reader ?? -1] as const;

/** A post's attachments as stored: an upload's id and alt text, or a remote file whole. */
export type StoredMedia = { id: string; alt: string } | Extract<PostMedia, { url: string }>;

/** Posts from their rows, with the media of all of them read in one query. */
export function toRecords(s: Statements, rows: PostRow[]): PostRecord[] {
  const attachments = rows.map((row) => JSON.parse(row.media) as StoredMedia[]);
  const stored = mediaByIds(
    s,
    attachments.flat().flatMap((a) => ("url" in a ? [] : [a.id])),
  );
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
  }));
}

export function postById(s: Statements, id: string): PostRecord | null {
  const row = s.get<PostRow>(`${SELECT_POST} WHERE p.id = ?`, id);
  return row ? toRecords(s, [row])[0]! : null;
}

/** Store.postById: the post if the reader may see it. */
export function readablePost(s: Statements, id: string, reader: number | null): PostRecord | null {
  const row = s.get<PostRow>(`${SELECT_POST} WHERE p.id = ? AND ${READABLE}`, id, ...readerParams(reader));
  return row ? toRecords(s, [row])[0]! : null;
}

/** Many posts in one query (for a sync page), keyed by id. */
export function postsByIds(s: Statements, ids: string[]): Map<string, PostRecord> {
  const rows = s.all<PostRow>(
    `${SELECT_POST} WHERE p.id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  return new Map(toRecords(s, rows).map((post) => [post.id, post]));
}

/** Who wrote a post, whether it is deleted, who may read it; with a reader, null unless they may. */
export function postAuthor(
  s: Statements,
  id: string,
  reader?: number,
): { authorId: number; deleted: boolean; visibility: Visibility } | null {
  const row = s.get<{ author_id: number; deleted_at: string | null; visibility: Visibility }>(
    `SELECT author_id, deleted_at, visibility FROM posts p WHERE id = ? AND ${reader === undefined ? "1" : READABLE}`,
    id,
    ...(reader === undefined ? [] : readerParams(reader)),
  );
  return row
    ? { authorId: row.author_id, deleted: row.deleted_at !== null, visibility: row.visibility }
    : null;
}

/** What makes two creations with the same id "the same post": author and content. */
function contentHash(authorId: number, post: NewPostRecord): string {
  const canonical = JSON.stringify([authorId, post.text, post.media, post.replyTo, post.quoteOf]);
  return hash("sha256", canonical, "base64url");
}

export type CreateOutcome = Extract<
  OpOutcome,
  { status: "created" | "existing" | "conflict" | "not_found" | "forbidden" }
>;

/** A post already stored under this id: the same post again, or another one reusing the id. */
function earlier(s: Statements, id: string, hash: string): CreateOutcome | null {
  const existing = s.get<{ content_hash: string }>("SELECT content_hash FROM posts WHERE id = ?", id);
  if (!existing) return null;
  return existing.content_hash === hash
    ? { status: "existing", post: postById(s, id)! }
    : { status: "conflict" };
}

export function createPost(s: Statements, authorId: number, post: NewPostRecord): CreateOutcome {
  const hash = contentHash(authorId, post);
  const refused = (field: MissingField, id: string): CreateOutcome =>
    // A retry still succeeds, even if what it pointed at has gone since.
    earlier(s, post.id, hash) ?? { status: "not_found", field, id };
  const parent = post.replyTo ? postAuthor(s, post.replyTo, authorId) : null;
  if (post.replyTo && (!parent || parent.deleted)) return refused("replyTo", post.replyTo);
  if (post.quoteOf && !postAuthor(s, post.quoteOf, authorId)) return refused("quoteOf", post.quoteOf);
  const media: PostMedia[] = [];
  for (const attachment of post.media) {
    const stored = mediaById(s, attachment.id);
    if (!stored || stored.ownerId !== authorId) return refused("media", attachment.id);
    media.push({ ...stored, alt: attachment.alt });
  }
  const record = insertPost(s, authorId, {
    ...post,
    media,
    storedMedia: post.media,
    createdAt: now(),
    contentHash: hash,
    remote: null,
    contentWarning: null,
    sensitive: false,
    visibility: "public",
    editedAt: null,
  });
  // The id is UNIQUE: a retry inserts nothing, and the stored content hash tells a retry of the
  // same post (answer it again) from another post reusing the id (409).
  if (!record) return earlier(s, post.id, hash)!;
  attachMedia(
    s,
    post.media.map((m) => m.id),
  );
  return { status: "created", post: record };
}

/** Everything a stored post row holds, as the two kinds of creation give it. */
type PostInsert = Omit<
  PostRecord,
  "seq" | "author" | "deleted" | "replyCount" | "likeCount" | "repostCount"
> & {
  storedMedia: StoredMedia[];
  contentHash: string;
};

/**
 * Inserts a post (nothing when its id is taken: null), counts it on its author and its parent, and
 * logs it: the record as written, without reading it back, so a route answers it at once.
 */
export function insertPost(s: Statements, authorId: number, post: PostInsert): PostRecord | null {
  const inserted = s.get<{ seq: number }>(
    `INSERT INTO posts (id, author_id, text, links, media, reply_to, quote_of, content_hash, created_at,
       object_uri, remote_url, content_warning, sensitive, visibility, edited_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`,
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
  );
  if (!inserted) return null;
  indexPost(s, inserted.seq, post.text, post.contentWarning);
  const author = s.get<{ handle: string }>(
    "UPDATE accounts SET post_count = post_count + 1 WHERE id = ? RETURNING handle",
    authorId,
  )!;
  logChange(s, { kind: "post", accountId: authorId, postId: post.id, postAuthorId: authorId });
  if (post.replyTo) {
    const parent = s.get<{ author_id: number }>(
      "UPDATE posts SET reply_count = reply_count + 1 WHERE id = ? RETURNING author_id",
      post.replyTo,
    )!;
    logChange(s, {
      kind: "counts",
      accountId: authorId,
      postId: post.replyTo,
      postAuthorId: parent.author_id,
    });
  }
  const { storedMedia: _stored, contentHash: _hash, ...fields } = post;
  return {
    ...fields,
    seq: inserted.seq,
    author: author.handle,
    deleted: false,
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
  };
}

/**
 * Deleting keeps a tombstone (id, author, time) so every client learns of the deletion; the
 * post's media are released (`freed`: files nothing else uses, removed after commit).
 */
export function deletePost(s: Statements, accountId: number, postId: string, freed: string[]): OpOutcome {
  const row = s.get<{
    seq: number;
    author_id: number;
    deleted_at: string | null;
    reply_to: string | null;
    media: string;
  }>("SELECT seq, author_id, deleted_at, reply_to, media FROM posts WHERE id = ?", postId);
  if (!row) return { status: "not_found", field: "postId", id: postId };
  if (row.author_id !== accountId) return { status: "forbidden" };
  if (row.deleted_at !== null) return { status: "done" };
  s.run("UPDATE posts SET text = '', links = '[]', media = '[]', deleted_at = ? WHERE id = ?", now(), postId);
  unindexPost(s, row.seq);
  detachMedia(
    s,
    (JSON.parse(row.media) as StoredMedia[]).flatMap((m) => ("url" in m ? [] : [m.id])),
    freed,
  );
  s.run("UPDATE accounts SET post_count = post_count - 1 WHERE id = ?", accountId);
  logChange(s, { kind: "postDeleted", accountId, postId, postAuthorId: accountId });
  if (row.reply_to) {
    const parent = postAuthor(s, row.reply_to);
    s.run("UPDATE posts SET reply_count = reply_count - 1 WHERE id = ?", row.reply_to);
    if (parent) {
      logChange(s, { kind: "counts", accountId, postId: row.reply_to, postAuthorId: parent.authorId });
    }
  }
  return { status: "done" };
}

/** Likes and reposts: the count moves in the same transaction as the row, so it stays exact. */
export function setInteraction(
  s: Statements,
  kind: "like" | "repost",
  accountId: number,
  postId: string,
  active: boolean,
): OpOutcome {
  // Taking back a like or repost needs no right to read the post any more (an unfollow since).
  const post = postAuthor(s, postId, active ? accountId : undefined);
  if (!post || post.deleted) return { status: "not_found", field: "postId", id: postId };
  if (kind === "repost" && active && post.visibility === "followers") return { status: "private" };
  const table = kind === "like" ? "likes" : "reposts";
  const counter = kind === "like" ? "like_count" : "repost_count";
  const changed = active
    ? s.run(
        `INSERT OR IGNORE INTO ${table} (account_id, post_id, created_at) VALUES (?, ?, ?)`,
        accountId,
        postId,
        now(),
      ).changes
    : s.run(`DELETE FROM ${table} WHERE account_id = ? AND post_id = ?`, accountId, postId).changes;
  if (changed > 0) {
    s.run(`UPDATE posts SET ${counter} = ${counter} + ? WHERE id = ?`, active ? 1 : -1, postId);
    logChange(s, { kind, accountId, postId, active });
    logChange(s, { kind: "counts", accountId, postId, postAuthorId: post.authorId });
  }
  return { status: "done" };
}

export function viewerState(
  s: Statements,
  accountId: number,
  postIds: string[],
): Map<string, { liked: boolean; reposted: boolean }> {
  const ids = JSON.stringify(postIds);
  const of = (table: "likes" | "reposts") =>
    new Set(
      s
        .all<{ post_id: string }>(
          `SELECT post_id FROM ${table} WHERE account_id = ? AND post_id IN (SELECT value FROM json_each(?))`,
          accountId,
          ids,
        )
        .map((row) => row.post_id),
    );
  const liked = of("likes");
  const reposted = of("reposts");
  return new Map(postIds.map((id) => [id, { liked: liked.has(id), reposted: reposted.has(id) }]));
}
