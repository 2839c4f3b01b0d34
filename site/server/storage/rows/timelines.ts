import type { PageRequest } from "../records.ts";
import { READABLE, SELECT_POST } from "./posts.ts";

/** The lists of posts, newest first, each a keyset page (`before` a position in arrival order). */

export const BEFORE = (page: PageRequest) => page.before ?? Number.MAX_SAFE_INTEGER;

/** How many of the newest posts the following timeline scans before switching to its index. */
export const TIMELINE_WINDOW = 10_000;

/**
 * The following timeline's older posts (before the window, by the per-author index), newest
 * first. Binds: before, the reader twice, the limit.
 */
export const FOLLOWED_BEFORE = `${SELECT_POST}
  WHERE p.seq < ? AND p.deleted_at IS NULL
    AND (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
  ORDER BY p.seq DESC LIMIT ?`;

/**
 * The lists below besides the following timeline: which posts each holds. The everyone timeline
 * holds public posts only; the others what the reader may see (its parameters last).
 */
export const LISTS = {
  everyone: "p.visibility = 'public'",
  author: `p.author_id = ? AND ${READABLE}`,
  replies: `p.reply_to = ? AND ${READABLE}`,
} as const;

/** Posts not deleted of one list, newest first, one keyset page: binds the list's, before, limit. */
export const livePostsQuery = (list: keyof typeof LISTS) =>
  `${SELECT_POST} WHERE ${LISTS[list]} AND p.seq < ? AND p.deleted_at IS NULL ORDER BY p.seq DESC LIMIT ?`;
