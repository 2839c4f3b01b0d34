import type { PageRequest, PostRecord } from "../records.ts";
import {
  BEFORE,
  FOLLOWED_BEFORE,
  LISTS,
  livePostsQuery,
  AUTHOR_SHOWN,
  TIMELINE_WINDOW,
} from "../rows/timelines.ts";
import type { Param, Queries } from "./db.ts";
import { toRecords } from "./posts.ts";
import { SELECT_POST, readerParams, type PostRow } from "../rows/posts.ts";
import { shownParams } from "../rows/relations.ts";

/** The lists of posts, newest first, as on SQLite (see sqlite/timelines.ts). */

/**
 * As on SQLite: a scan of the most recent posts (by position) keeping the authors followed, then,
 * only if the page is not full, the per-author index for older posts. (SQLite's unary `+`, which
 * keeps its planner off posts_author, is left out: PostgreSQL plans by its statistics.)
 */
export async function followingTimeline(
  q: Queries,
  accountId: number,
  page: PageRequest,
): Promise<PostRecord[]> {
  const newest = (await q.get<{ seq: number | null }>("SELECT max(seq) AS seq FROM posts"))?.seq ?? 0;
  const before = Math.min(BEFORE(page), newest + 1);
  const windowStart = Math.max(0, before - TIMELINE_WINDOW);
  const recent = await q.all<PostRow>(
    `${SELECT_POST}
     WHERE p.seq < ? AND p.seq >= ? AND p.deleted_at IS NULL
       AND (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
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
      ? await q.all<PostRow>(
          FOLLOWED_BEFORE,
          windowStart,
          accountId,
          accountId,
          accountId,
          page.limit - recent.length,
        )
      : [];
  return toRecords(q, [...recent, ...older]);
}

/** Posts not deleted of one list, newest first, one keyset page. */
async function livePosts(
  q: Queries,
  page: PageRequest,
  list: keyof typeof LISTS,
  ...params: Param[]
): Promise<PostRecord[]> {
  return toRecords(q, await q.all<PostRow>(livePostsQuery(list), ...params, BEFORE(page), page.limit));
}

export async function everyoneTimeline(
  q: Queries,
  page: PageRequest,
  reader: number | null,
): Promise<PostRecord[]> {
  return livePosts(q, page, "everyone", ...shownParams(reader));
}

export async function profilePosts(
  q: Queries,
  authorId: number,
  page: PageRequest,
  reader: number | null,
): Promise<PostRecord[]> {
  return livePosts(q, page, "author", authorId, ...readerParams(reader));
}

/** Replies newest first, like every other list; `before` pages back to the oldest. */
export async function replies(
  q: Queries,
  postId: string,
  page: PageRequest,
  reader: number | null,
): Promise<PostRecord[]> {
  return livePosts(q, page, "replies", postId, ...readerParams(reader), reader ?? -1);
}
