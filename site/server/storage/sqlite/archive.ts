import { INSTAGRAM_LIST_PAGE, LIKED_PAGE, type LikedPost } from "../rows/archive.ts";
import type { InstagramList } from "../records.ts";
import type { Statements } from "./statements.ts";

export function likedPage(
  s: Statements,
  accountId: number,
  after: string | null,
  limit: number,
): LikedPost[] {
  return s.all<LikedPost>(LIKED_PAGE, accountId, after ?? "", limit);
}

export function instagramListPage(
  s: Statements,
  accountId: number,
  list: InstagramList,
  after: string | null,
  limit: number,
): string[] {
  return s
    .all<{ handle: string }>(INSTAGRAM_LIST_PAGE, accountId, list, after ?? "", limit)
    .map((r) => r.handle);
}
