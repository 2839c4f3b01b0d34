import {
  INSTAGRAM_LIST_PAGE,
  interactionPageSql,
  type InteractedPost,
  type Interaction,
} from "../rows/archive.ts";
import type { InstagramList } from "../records.ts";
import type { Statements } from "./statements.ts";

export function interactionPage(
  s: Statements,
  accountId: number,
  kind: Interaction,
  after: string | null,
  limit: number,
): InteractedPost[] {
  return s.all<InteractedPost>(interactionPageSql(kind), accountId, after ?? "", limit);
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
