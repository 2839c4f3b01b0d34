import type { SQLInputValue } from "node:sqlite";
import type { PageRequest, PostRecord } from "../records.ts";
import {
  BEFORE,
  FOLLOWED_BEFORE,
  LISTS,
  livePostsQuery,
  AUTHOR_SHOWN,
  TIMELINE_WINDOW,
} from "../rows/timelines.ts";
import { toRecords } from "./posts.ts";
import { SELECT_POST, readerParams, type PostRow } from "../rows/posts.ts";
import { shownParams } from "../rows/relations.ts";
import type { Statements } from "./statements.ts";

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
       AND ${AUTHOR_SHOWN}
     ORDER BY p.seq DESC LIMIT ?`,
    before,
    windowStart,
    accountId,
    accountId,
    accountId,
    page.limit,
  );
  const older =
    recent.length < page.limit && windowStart > 0
      ? s.all<PostRow>(
          FOLLOWED_BEFORE,
          windowStart,
          accountId,
          accountId,
          accountId,
          page.limit - recent.length,
        )
      : [];
  return toRecords(s, [...recent, ...older]);
}

/** Posts not deleted of one list, newest first, one keyset page. */
function livePosts(
  s: Statements,
  page: PageRequest,
  list: keyof typeof LISTS,
  ...params: SQLInputValue[]
): PostRecord[] {
  return toRecords(s, s.all<PostRow>(livePostsQuery(list), ...params, BEFORE(page), page.limit));
}

export function everyoneTimeline(s: Statements, page: PageRequest, reader: number | null): PostRecord[] {
  return livePosts(s, page, "everyone", ...shownParams(reader));
}

export function profilePosts(
  s: Statements,
  authorId: number,
  page: PageRequest,
  reader: number | null,
): PostRecord[] {
  return livePosts(s, page, "author", authorId, ...readerParams(reader));
}

/** Replies newest first, like every other list; `before` pages back to the oldest. */
export function replies(
  s: Statements,
  postId: string,
  page: PageRequest,
  reader: number | null,
): PostRecord[] {
  return livePosts(s, page, "replies", postId, ...readerParams(reader), reader ?? -1);
}
