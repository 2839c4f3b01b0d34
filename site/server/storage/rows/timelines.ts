import type { PageRequest } from "../records.ts";
import { READABLE, SELECT_POST } from "./posts.ts";
import { notMuted, notHidden, shownTo } from "./relations.ts";

/** The lists of posts, newest first, each a keyset page (`before` a position in arrival order). */

export const BEFORE = (page: PageRequest) => page.before ?? Number.MAX_SAFE_INTEGER;

/** How many of the newest posts the following timeline scans before switching to its index. */
export const TIMELINE_WINDOW = 10_000;

/**
 * The following timeline's older posts (before the window, by the per-author index), newest
 * first, but those of accounts the reader muted or that are suspended. Binds: before, the reader
 * three times, the limit.
 */
export const FOLLOWED_BEFORE = `${SELECT_POST}
  WHERE p.seq < ? AND p.deleted_at IS NULL
    AND (p.author_id = ? OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?))
    AND ${notMuted("?", "p.author_id")} AND ${notHidden("p.author_id")}
  ORDER BY p.seq DESC LIMIT ?`;

/** The reader has not muted the post's author, who is not suspended: binds the reader. */
export const AUTHOR_SHOWN = `${notMuted("?", "p.author_id")} AND ${notHidden("p.author_id")}`;

/**
 * The lists below besides the following timeline: which posts each holds. The everyone timeline
 * holds public posts only, none of accounts the reader blocked, muted or is blocked by (binds the
 * reader three times), and none imported from an archive (old posts, in arrival order, would
 * bury the new ones); the others what the reader may see (its parameters last).
 */
export const LISTS = {
  everyone: `p.visibility = 'public' AND p.imported_from IS NULL AND ${shownTo("?", "p.author_id")}`,
  author: `p.author_id = ? AND ${READABLE}`,
  /** Binds the reader once more: replies of those the reader muted are left out. */
  replies: `p.reply_to = ? AND ${READABLE} AND ${AUTHOR_SHOWN}`,
} as const;

/** Posts not deleted of one list, newest first, one keyset page: binds the list's, before, limit. */
export const livePostsQuery = (list: keyof typeof LISTS) =>
  `${SELECT_POST} WHERE ${LISTS[list]} AND p.seq < ? AND p.deleted_at IS NULL ORDER BY p.seq DESC LIMIT ?`;
