import {
  INSTAGRAM_LIST_PAGE,
  interactionPageSql,
  type InteractedPost,
  type Interaction,
} from "../rows/archive.ts";
import type { InstagramList } from "../records.ts";
import type { Queries } from "./db.ts";

/** As on SQLite (sqlite/archive.ts). */

export function interactionPage(
  q: Queries,
  accountId: number,
  kind: Interaction,
  after: string | null,
  limit: number,
): Promise<InteractedPost[]> {
  return q.all<InteractedPost>(interactionPageSql(kind), accountId, after ?? "", limit);
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
