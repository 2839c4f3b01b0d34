import { INSTAGRAM_LIST_PAGE, LIKED_PAGE, type LikedPost } from "../rows/archive.ts";
import type { InstagramList } from "../records.ts";
import type { Queries } from "./db.ts";

/** As on SQLite (sqlite/archive.ts). */

export function likedPage(
  q: Queries,
  accountId: number,
  after: string | null,
  limit: number,
): Promise<LikedPost[]> {
  return q.all<LikedPost>(LIKED_PAGE, accountId, after ?? "", limit);
}

export async function instagramListPage(
  q: Queries,
  accountId: number,
  list: InstagramList,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await q.all<{ handle: string }>(INSTAGRAM_LIST_PAGE, accountId, list, after ?? "", limit);
  return rows.map((r) => r.handle);
}
