import type { NewPostRecord, PostMedia, PostRecord, Visibility } from "../records.ts";
import {
  attachmentsOf,
  contentHash,
  INSERT_POST,
  insertedRecord,
  insertPostParams,
  localPost,
  postRecords,
  READABLE,
  readerParams,
  SELECT_POST,
  uploadIds,
  type CreateOutcome,
  type PostInsert,
  type PostRow,
  type StoredMedia,
  REPLY_RULE,
  replyAllowed,
  type ReplyRuleRow,
  REMOVE_POST,
  type RemovedPost,
  localMentions,
  mentionParams,
  NOTIFY_MENTIONS_POSTGRES,
} from "../rows/posts.ts";
import type { MissingField, OpOutcome } from "../store.ts";
import { now } from "../rows/clock.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";
import { attachMedia, detachMedia, mediaById, mediaByIds } from "./media.ts";
import { indexPost, unindexPost } from "./search.ts";

/** Posts, likes and reposts, as on SQLite (see sqlite/posts.ts). */

/** Posts from their rows, with the media of all of them read in one query. */
export async function toRecords(q: Queries, rows: PostRow[]): Promise<PostRecord[]> {
  const { attachments, ids } = attachmentsOf(rows);
  return postRecords(rows, attachments, await mediaByIds(q, ids));
}

export async function postById(q: Queries, id: string): Promise<PostRecord | null> {
  const row = await q.get<PostRow>(`${SELECT_POST} WHERE p.id = ?`, id);
  return row ? (await toRecords(q, [row]))[0]! : null;
}

/** Store.postById: the post if the reader may see it. */
export async function readablePost(
  q: Queries,
  id: string,
  reader: number | null,
): Promise<PostRecord | null> {
  const row = await q.get<PostRow>(
    `${SELECT_POST} WHERE p.id = ? AND ${READABLE}`,
    id,
    ...readerParams(reader),
  );
  return row ? (await toRecords(q, [row]))[0]! : null;
}

/** Many posts in one query (for a sync page), keyed by id. */
export async function postsByIds(q: Queries, ids: string[]): Promise<Map<string, PostRecord>> {
  const rows = await q.all<PostRow>(`${SELECT_POST} WHERE p.id = ANY(?::text[])`, ids);
  return new Map((await toRecords(q, rows)).map((post) => [post.id, post]));
}

/** Who wrote a post, whether it is deleted, who may read it; with a reader, null unless they may. */
export async function postAuthor(
  q: Queries,
  id: string,
  reader?: number,
): Promise<{ authorId: number; deleted: boolean; visibility: Visibility } | null> {
  // SQLite's `AND 1` (no reader) is not a boolean here: the condition is left out instead.
  const row = await q.get<{ author_id: number; deleted_at: string | null; visibility: Visibility }>(
    `SELECT author_id, deleted_at, visibility FROM posts p WHERE id = ?${reader === undefined ? "" : ` AND ${READABLE}`}`,
    id,
    ...(reader === undefined ? [] : readerParams(reader)),
  );
  return row
    ? { authorId: row.author_id, deleted: row.deleted_at !== null, visibility: row.visibility }
    : null;
}

/** A post already stored under this id: the same post again, or another one reusing the id. */
async function earlier(q: Queries, id: string, hash: string): Promise<CreateOutcome | null> {
  const existing = await q.get<{ content_hash: string }>("SELECT content_hash FROM posts WHERE id = ?", id);
  if (!existing) return null;
  return existing.content_hash === hash
    ? { status: "existing", post: (await postById(q, id))! }
    : { status: "conflict" };
}

/**
 * As on SQLite. The id check needs no lock of its own: the wiring runs this holding the change
 * log's lock, so two creations never run at once, and `ON CONFLICT (id) DO NOTHING` would keep a
 * duplicate out (without aborting the transaction) all the same.
 */
export async function createPost(
  q: Queries,
  authorId: number,
  post: NewPostRecord,
  localHost = "",
): Promise<CreateOutcome> {
  const hash = contentHash(authorId, post);
  const refused = async (field: MissingField, id: string): Promise<CreateOutcome> =>
    // A retry still succeeds, even if what it pointed at has gone since.
    (await earlier(q, post.id, hash)) ?? { status: "not_found", field, id };
  const parent = post.replyTo ? await postAuthor(q, post.replyTo, authorId) : null;
  if (post.replyTo && (!parent || parent.deleted)) return refused("replyTo", post.replyTo);
  if (post.replyTo && !replyAllowed(await q.get<ReplyRuleRow>(REPLY_RULE, post.replyTo, authorId), localHost))
    return (await earlier(q, post.id, hash)) ?? { status: "reply_limited" };
  if (post.quoteOf && !(await postAuthor(q, post.quoteOf, authorId))) return refused("quoteOf", post.quoteOf);
  const media: PostMedia[] = [];
  for (const attachment of post.media) {
    const stored = await mediaById(q, attachment.id);
    if (!stored || stored.ownerId !== authorId) return refused("media", attachment.id);
    media.push({ ...stored, alt: attachment.alt });
  }
  const record = await insertPost(q, authorId, localPost(post, media, hash, now()));
  // The id is UNIQUE: a retry inserts nothing, and the stored content hash tells a retry of the
  // same post (answer it again) from another post reusing the id (409).
  if (!record) return (await earlier(q, post.id, hash))!;
  await attachMedia(
    q,
    post.media.map((m) => m.id),
  );
  const mentioned = localMentions(post.text, localHost);
  if (mentioned.length > 0)
    await q.run(
      NOTIFY_MENTIONS_POSTGRES,
      authorId,
      record.id,
      record.createdAt,
      mentioned,
      ...mentionParams(authorId, post),
    );
  return { status: "created", post: record };
}

/**
 * Inserts a post (nothing when its id is taken: null), counts it on its author and its parent, and
 * logs it (as `kind`: an imported post is `postRestored`, for devices only): the record as
 * written, without reading it back, so a route answers it at once.
 */
export async function insertPost(
  q: Queries,
  authorId: number,
  post: PostInsert,
  kind: "post" | "postRestored" = "post",
): Promise<PostRecord | null> {
  const inserted = await q.get<{ seq: number }>(INSERT_POST, ...insertPostParams(authorId, post));
  if (!inserted) return null;
  await indexPost(q, inserted.seq, post.text, post.contentWarning);
  const author = (await q.get<{ handle: string }>(
    "UPDATE accounts SET post_count = post_count + 1 WHERE id = ? RETURNING handle",
    authorId,
  ))!;
  await logChange(q, { kind, accountId: authorId, postId: post.id, postAuthorId: authorId });
  if (post.replyTo) {
    const parent = (await q.get<{ author_id: number }>(
      "UPDATE posts SET reply_count = reply_count + 1 WHERE id = ? RETURNING author_id",
      post.replyTo,
    ))!;
    await logChange(q, {
      kind: "counts",
      accountId: authorId,
      postId: post.replyTo,
      postAuthorId: parent.author_id,
    });
  }
  return insertedRecord(post, inserted.seq, author.handle);
}

/**
 * Deleting keeps a tombstone (id, author, time) so every client learns of the deletion; the
 * post's media are released (`freed`: files nothing else uses, removed after commit).
 */
export async function deletePost(
  q: Queries,
  accountId: number,
  postId: string,
  freed: string[],
): Promise<OpOutcome> {
  const row = await q.get<RemovedPost & { author_id: number; deleted_at: string | null }>(
    "SELECT id, seq, author_id, deleted_at, reply_to, media FROM posts WHERE id = ?",
    postId,
  );
  if (!row) return { status: "not_found", field: "postId", id: postId };
  if (row.author_id !== accountId) return { status: "forbidden" };
  if (row.deleted_at !== null) return { status: "done" };
  await removePost(q, accountId, row, freed);
  await logChange(q, { kind: "postDeleted", accountId, postId, postAuthorId: accountId });
  if (row.reply_to) {
    const parent = await postAuthor(q, row.reply_to);
    if (parent) {
      await logChange(q, { kind: "counts", accountId, postId: row.reply_to, postAuthorId: parent.authorId });
    }
  }
  return { status: "done" };
}

/** As on SQLite (sqlite/posts.ts): what deleting a post removes, without telling anyone. */
export async function removePost(
  q: Queries,
  accountId: number,
  row: RemovedPost,
  freed: string[],
): Promise<void> {
  await q.run(REMOVE_POST, now(), row.id);
  await q.run("DELETE FROM post_edits WHERE post_id = ?", row.id);
  await unindexPost(q, row.seq);
  await detachMedia(q, uploadIds(JSON.parse(row.media) as StoredMedia[]), freed);
  await q.run("UPDATE accounts SET post_count = post_count - 1 WHERE id = ?", accountId);
  if (row.reply_to) await q.run("UPDATE posts SET reply_count = reply_count - 1 WHERE id = ?", row.reply_to);
}

/** Likes and reposts: the count moves in the same transaction as the row, so it stays exact. */
export async function setInteraction(
  q: Queries,
  kind: "like" | "repost",
  accountId: number,
  postId: string,
  active: boolean,
): Promise<OpOutcome> {
  // Taking back a like or repost needs no right to read the post any more (an unfollow since).
  const post = await postAuthor(q, postId, active ? accountId : undefined);
  if (!post || post.deleted) return { status: "not_found", field: "postId", id: postId };
  if (kind === "repost" && active && post.visibility === "followers") return { status: "private" };
  const table = kind === "like" ? "likes" : "reposts";
  const counter = kind === "like" ? "like_count" : "repost_count";
  // SQLite's INSERT OR IGNORE: a like already there changes nothing (and aborts nothing).
  const changed = active
    ? (
        await q.run(
          `INSERT INTO ${table} (account_id, post_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
          accountId,
          postId,
          now(),
        )
      ).changes
    : (await q.run(`DELETE FROM ${table} WHERE account_id = ? AND post_id = ?`, accountId, postId)).changes;
  if (changed > 0) {
    await q.run(`UPDATE posts SET ${counter} = ${counter} + ? WHERE id = ?`, active ? 1 : -1, postId);
    await logChange(q, { kind, accountId, postId, active });
    await logChange(q, { kind: "counts", accountId, postId, postAuthorId: post.authorId });
  }
  return { status: "done" };
}

export async function viewerState(
  q: Queries,
  accountId: number,
  postIds: string[],
): Promise<Map<string, { liked: boolean; reposted: boolean }>> {
  const of = async (table: "likes" | "reposts") =>
    new Set(
      (
        await q.all<{ post_id: string }>(
          `SELECT post_id FROM ${table} WHERE account_id = ? AND post_id = ANY(?::text[])`,
          accountId,
          postIds,
        )
      ).map((row) => row.post_id),
    );
  const liked = await of("likes");
  const reposted = await of("reposts");
  return new Map(postIds.map((id) => [id, { liked: liked.has(id), reposted: reposted.has(id) }]));
}
