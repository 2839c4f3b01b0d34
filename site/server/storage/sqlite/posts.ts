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
  NOTIFY_MENTIONS_SQLITE,
} from "../rows/posts.ts";
import type { MissingField, OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import { attachMedia, detachMedia, mediaById, mediaByIds } from "./media.ts";
import { indexPost, unindexPost } from "./search.ts";
import { now } from "../rows/clock.ts";
import type { Statements } from "./statements.ts";

/** Posts from their rows, with the media of all of them read in one query. */
export function toRecords(s: Statements, rows: PostRow[]): PostRecord[] {
  const { attachments, ids } = attachmentsOf(rows);
  return postRecords(rows, attachments, mediaByIds(s, ids));
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

/** A post already stored under this id: the same post again, or another one reusing the id. */
function earlier(s: Statements, id: string, hash: string): CreateOutcome | null {
  const existing = s.get<{ content_hash: string }>("SELECT content_hash FROM posts WHERE id = ?", id);
  if (!existing) return null;
  return existing.content_hash === hash
    ? { status: "existing", post: postById(s, id)! }
    : { status: "conflict" };
}

export function createPost(
  s: Statements,
  authorId: number,
  post: NewPostRecord,
  localHost = "",
): CreateOutcome {
  const hash = contentHash(authorId, post);
  const refused = (field: MissingField, id: string): CreateOutcome =>
    // A retry still succeeds, even if what it pointed at has gone since.
    earlier(s, post.id, hash) ?? { status: "not_found", field, id };
  const parent = post.replyTo ? postAuthor(s, post.replyTo, authorId) : null;
  if (post.replyTo && (!parent || parent.deleted)) return refused("replyTo", post.replyTo);
  if (post.replyTo && !replyAllowed(s.get<ReplyRuleRow>(REPLY_RULE, post.replyTo, authorId), localHost))
    return earlier(s, post.id, hash) ?? { status: "reply_limited" };
  if (post.quoteOf && !postAuthor(s, post.quoteOf, authorId)) return refused("quoteOf", post.quoteOf);
  const media: PostMedia[] = [];
  for (const attachment of post.media) {
    const stored = mediaById(s, attachment.id);
    if (!stored || stored.ownerId !== authorId) return refused("media", attachment.id);
    media.push({ ...stored, alt: attachment.alt });
  }
  const record = insertPost(s, authorId, localPost(post, media, hash, now()));
  // The id is UNIQUE: a retry inserts nothing, and the stored content hash tells a retry of the
  // same post (answer it again) from another post reusing the id (409).
  if (!record) return earlier(s, post.id, hash)!;
  attachMedia(
    s,
    post.media.map((m) => m.id),
  );
  const mentioned = localMentions(post.text, localHost);
  if (mentioned.length > 0)
    s.run(
      NOTIFY_MENTIONS_SQLITE,
      authorId,
      record.id,
      record.createdAt,
      JSON.stringify(mentioned),
      ...mentionParams(authorId, post),
    );
  return { status: "created", post: record };
}

/**
 * Inserts a post (nothing when its id is taken: null), counts it on its author and its parent, and
 * logs it (as `kind`: an imported post is `postRestored`, for devices only): the record as
 * written, without reading it back, so a route answers it at once.
 */
export function insertPost(
  s: Statements,
  authorId: number,
  post: PostInsert,
  kind: "post" | "postRestored" = "post",
): PostRecord | null {
  const inserted = s.get<{ seq: number }>(INSERT_POST, ...insertPostParams(authorId, post));
  if (!inserted) return null;
  indexPost(s, inserted.seq, post.text, post.contentWarning);
  const author = s.get<{ handle: string }>(
    "UPDATE accounts SET post_count = post_count + 1 WHERE id = ? RETURNING handle",
    authorId,
  )!;
  logChange(s, { kind, accountId: authorId, postId: post.id, postAuthorId: authorId });
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
  return insertedRecord(post, inserted.seq, author.handle);
}

/**
 * Deleting keeps a tombstone (id, author, time) so every client learns of the deletion; the
 * post's media are released (`freed`: files nothing else uses, removed after commit).
 */
export function deletePost(s: Statements, accountId: number, postId: string, freed: string[]): OpOutcome {
  const row = s.get<RemovedPost & { author_id: number; deleted_at: string | null }>(
    "SELECT id, seq, author_id, deleted_at, reply_to, media FROM posts WHERE id = ?",
    postId,
  );
  if (!row) return { status: "not_found", field: "postId", id: postId };
  if (row.author_id !== accountId) return { status: "forbidden" };
  if (row.deleted_at !== null) return { status: "done" };
  removePost(s, accountId, row, freed);
  logChange(s, { kind: "postDeleted", accountId, postId, postAuthorId: accountId });
  if (row.reply_to) {
    const parent = postAuthor(s, row.reply_to);
    if (parent) {
      logChange(s, { kind: "counts", accountId, postId: row.reply_to, postAuthorId: parent.authorId });
    }
  }
  return { status: "done" };
}

/**
 * What deleting a post removes, without telling anyone (deletePost tells devices and other
 * servers; an account's deletion tells them once, for all its posts): its text, links, media,
 * earlier texts and search entry; the counts of its author and of the post it answers.
 */
export function removePost(s: Statements, accountId: number, row: RemovedPost, freed: string[]): void {
  s.run(REMOVE_POST, now(), row.id);
  s.run("DELETE FROM post_edits WHERE post_id = ?", row.id);
  unindexPost(s, row.seq);
  detachMedia(s, uploadIds(JSON.parse(row.media) as StoredMedia[]), freed);
  s.run("UPDATE accounts SET post_count = post_count - 1 WHERE id = ?", accountId);
  if (row.reply_to) s.run("UPDATE posts SET reply_count = reply_count - 1 WHERE id = ?", row.reply_to);
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
