import { createHash } from "node:crypto";
import type { CreatePostOutcome, MediaRecord, NewPostRecord, PageRequest, PostRecord } from "../store.ts";
import { logChange } from "./changes-log.ts";
import { mediaById } from "./media.ts";
import { now, type Statements } from "./statements.ts";

interface PostRow {
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
}

const SELECT_POST = `SELECT p.seq, p.id, p.author_id, a.handle, p.text, p.links, p.media, p.reply_to, p.quote_of,
  p.created_at, p.deleted_at, p.reply_count, p.like_count, p.repost_count
  FROM posts p JOIN accounts a ON a.id = p.author_id`;

function toRecord(s: Statements, row: PostRow): PostRecord {
  const attachments = JSON.parse(row.media) as { id: string; alt: string }[];
  const media = attachments.flatMap((a) => {
    const stored: MediaRecord | null = mediaById(s, a.id);
    return stored ? [{ ...stored, alt: a.alt }] : [];
  });
  return {
    seq: row.seq,
    id: row.id,
    author: row.handle,
    text: row.text,
    links: JSON.parse(row.links) as string[],
    media,
    replyTo: row.reply_to,
    quoteOf: row.quote_of,
    createdAt: row.created_at,
    deleted: row.deleted_at !== null,
    replyCount: row.reply_count,
    likeCount: row.like_count,
    repostCount: row.repost_count,
  };
}

export function postById(s: Statements, id: string): PostRecord | null {
  const row = s.get<PostRow>(`${SELECT_POST} WHERE p.id = ?`, id);
  return row ? toRecord(s, row) : null;
}

/** Many posts in one query (for a sync page), keyed by id. */
export function postsByIds(s: Statements, ids: string[]): Map<string, PostRecord> {
  const rows = s.all<PostRow>(
    `${SELECT_POST} WHERE p.id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  return new Map(rows.map((row) => [row.id, toRecord(s, row)]));
}

function postAuthor(s: Statements, id: string): { authorId: number; deleted: boolean } | null {
  const row = s.get<{ author_id: number; deleted_at: string | null }>(
    "SELECT author_id, deleted_at FROM posts WHERE id = ?",
    id,
  );
  return row ? { authorId: row.author_id, deleted: row.deleted_at !== null } : null;
}

/** What makes two creations with the same id "the same post": author and content. */
function contentHash(authorId: number, post: NewPostRecord): string {
  const canonical = JSON.stringify([authorId, post.text, post.media, post.replyTo, post.quoteOf]);
  return createHash("sha256").update(canonical).digest("base64url");
}

export function createPost(s: Statements, authorId: number, post: NewPostRecord): CreatePostOutcome {
  const hash = contentHash(authorId, post);
  const existing = s.get<{ content_hash: string }>("SELECT content_hash FROM posts WHERE id = ?", post.id);
  if (existing) {
    return existing.content_hash === hash
      ? { status: "existing", post: postById(s, post.id)! }
      : { status: "conflict" };
  }
  const parent = post.replyTo ? postAuthor(s, post.replyTo) : null;
  if (post.replyTo && (!parent || parent.deleted))
    return { status: "missing", field: "replyTo", id: post.replyTo };
  if (post.quoteOf && !postAuthor(s, post.quoteOf))
    return { status: "missing", field: "quoteOf", id: post.quoteOf };
  for (const attachment of post.media) {
    const media = mediaById(s, attachment.id);
    if (!media || media.ownerId !== authorId) return { status: "missing", field: "media", id: attachment.id };
  }
  s.run(
    `INSERT INTO posts (id, author_id, text, links, media, reply_to, quote_of, content_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    post.id,
    authorId,
    post.text,
    JSON.stringify(post.links),
    JSON.stringify(post.media),
    post.replyTo,
    post.quoteOf,
    hash,
    now(),
  );
  s.run("UPDATE accounts SET post_count = post_count + 1 WHERE id = ?", authorId);
  logChange(s, { kind: "post", accountId: authorId, postId: post.id, postAuthorId: authorId });
  if (post.replyTo && parent) {
    s.run("UPDATE posts SET reply_count = reply_count + 1 WHERE id = ?", post.replyTo);
    logChange(s, {
      kind: "counts",
      accountId: authorId,
      postId: post.replyTo,
      postAuthorId: parent.authorId,
    });
  }
  return { status: "created", post: postById(s, post.id)! };
}

/** Deleting keeps a tombstone (id, author, time) so every client learns of the deletion. */
export function deletePost(
  s: Statements,
  accountId: number,
  postId: string,
): "deleted" | "not_found" | "forbidden" {
  const row = s.get<{ author_id: number; deleted_at: string | null; reply_to: string | null }>(
    "SELECT author_id, deleted_at, reply_to FROM posts WHERE id = ?",
    postId,
  );
  if (!row) return "not_found";
  if (row.author_id !== accountId) return "forbidden";
  if (row.deleted_at !== null) return "deleted";
  s.run("UPDATE posts SET text = '', links = '[]', media = '[]', deleted_at = ? WHERE id = ?", now(), postId);
  s.run("UPDATE accounts SET post_count = post_count - 1 WHERE id = ?", accountId);
  logChange(s, { kind: "postDeleted", accountId, postId, postAuthorId: accountId });
  if (row.reply_to) {
    const parent = postAuthor(s, row.reply_to);
    s.run("UPDATE posts SET reply_count = reply_count - 1 WHERE id = ?", row.reply_to);
    if (parent) {
      logChange(s, { kind: "counts", accountId, postId: row.reply_to, postAuthorId: parent.authorId });
    }
  }
  return "deleted";
}

/** Likes and reposts: the count moves in the same transaction as the row, so it stays exact. */
export function setInteraction(
  s: Statements,
  kind: "like" | "repost",
  accountId: number,
  postId: string,
  active: boolean,
): PostRecord | null {
  const post = postAuthor(s, postId);
  if (!post || post.deleted) return null;
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
  return postById(s, postId);
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

const BEFORE = (page: PageRequest) => page.before ?? Number.MAX_SAFE_INTEGER;

/** How many of the newest posts the following timeline scans before switching to its index. */
const TIMELINE_WINDOW = 10_000;

/**
 * Newest first: first a scan of the most recent posts (by position) keeping the authors followed,
 * which finds a page within a few thousand rows when they post at all often; then, only if the
 * page is not full, the per-author index for older posts (sparse follow lists).
 */
export function followingTimeline(s: Statements, accountId: number, page: PageRequest): PostRecord[] {
  const newest = s.get<{ seq: number | null }>("SELECT max(seq) AS seq FROM posts")?.seq ?? 0;
  const before = Math.min(BEFORE(page), newest + 1);
  const windowStart = Math.max(0, before - TIMELINE_WINDOW);
  // The unary + keeps SQLite from using posts_author here: walking seq backwards is cheaper.
  const recent = s.all<PostRow>(
    `${SELECT_POST}
     WHERE p.seq < ? AND p.seq >= ? AND p.deleted_at IS NULL
       AND (+p.author_id = ? OR +p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
     ORDER BY p.seq DESC LIMIT ?`,
    before,
    windowStart,
    accountId,
    accountId,
    page.limit,
  );
  const older =
    recent.length < page.limit && windowStart > 0
      ? s.all<PostRow>(
          `${SELECT_POST}
           WHERE p.seq < ? AND p.deleted_at IS NULL
             AND (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
           ORDER BY p.seq DESC LIMIT ?`,
          windowStart,
          accountId,
          accountId,
          page.limit - recent.length,
        )
      : [];
  return [...recent, ...older].map((row) => toRecord(s, row));
}

export function everyoneTimeline(s: Statements, page: PageRequest): PostRecord[] {
  return s
    .all<PostRow>(
      `${SELECT_POST} WHERE p.seq < ? AND p.deleted_at IS NULL ORDER BY p.seq DESC LIMIT ?`,
      BEFORE(page),
      page.limit,
    )
    .map((row) => toRecord(s, row));
}

export function profilePosts(s: Statements, authorId: number, page: PageRequest): PostRecord[] {
  return s
    .all<PostRow>(
      `${SELECT_POST} WHERE p.author_id = ? AND p.seq < ? AND p.deleted_at IS NULL ORDER BY p.seq DESC LIMIT ?`,
      authorId,
      BEFORE(page),
      page.limit,
    )
    .map((row) => toRecord(s, row));
}

/** Replies newest first, like every other list; `before` pages back to the oldest. */
export function replies(s: Statements, postId: string, page: PageRequest): PostRecord[] {
  return s
    .all<PostRow>(
      `${SELECT_POST} WHERE p.reply_to = ? AND p.seq < ? AND p.deleted_at IS NULL ORDER BY p.seq DESC LIMIT ?`,
      postId,
      BEFORE(page),
      page.limit,
    )
    .map((row) => toRecord(s, row));
}
