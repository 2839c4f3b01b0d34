import type { AccountRecord, ChangePage, ChangeRecord, PostRecord } from "../records.ts";
import type { ChangeEntry } from "./changes-log.ts";

/** The most change-log rows one pull examines, so a long-offline client is served in slices. */
export const MAX_SCAN = 50_000;

export interface ChangeRow {
  seq: number;
  kind: ChangeEntry["kind"];
  account_id: number;
  post_id: string | null;
  target_account_id: number | null;
  active: number | null;
}

/** What a page of changes refers to, read in a few queries rather than one or two per row. */
export interface Referred {
  posts: Map<string, PostRecord>;
  handles: Map<number, string>;
  /** The accounts of `account` changes (their profile as it is now). */
  accounts: Map<number, AccountRecord>;
}

/** The ids a page's changes refer to: posts, accounts named by handle, accounts sent whole. */
export function referredIds(page: ChangeRow[]): { posts: string[]; handles: number[]; accounts: number[] } {
  return {
    posts: [...new Set(page.flatMap((row) => (row.post_id ? [row.post_id] : [])))],
    handles: [
      ...new Set(
        page.flatMap((row) =>
          row.target_account_id !== null ? [row.account_id, row.target_account_id] : [],
        ),
      ),
    ],
    accounts: [...new Set(page.flatMap((row) => (row.kind === "account" ? [row.account_id] : [])))],
  };
}

/**
 * The page of changes from the rows read (at most `limit` + 1: one more tells there is more),
 * `end` the last position examined and `latest` the newest in the log.
 */
export function changePage(
  rows: ChangeRow[],
  referred: Referred,
  bounds: { after: number; end: number; latest: number; limit: number },
): ChangePage {
  const { after, end, latest, limit } = bounds;
  const more = rows.length > limit || end < latest;
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page[page.length - 1]!.seq : end;
  const changes: ChangeRecord[] = [];
  const countsSent = new Set<string>();
  for (const row of page) {
    const change = toChange(row, referred, countsSent);
    if (change) changes.push(change);
  }
  return { changes, last: Math.max(last, after), more };
}

export function toChange(row: ChangeRow, referred: Referred, countsSent: Set<string>): ChangeRecord | null {
  const { seq } = row;
  const { posts, handles, accounts } = referred;
  switch (row.kind) {
    case "post":
    case "postEdited":
    case "postRestored": {
      const post = posts.get(row.post_id!);
      // A post deleted since is announced by its own later postDeleted change.
      return post && !post.deleted ? { seq, kind: "post", post } : null;
    }
    case "postDeleted":
      return { seq, kind: "postDeleted", postId: row.post_id! };
    case "counts": {
      // Counts are read fresh, so one per post and page is enough.
      if (countsSent.has(row.post_id!)) return null;
      countsSent.add(row.post_id!);
      const post = posts.get(row.post_id!);
      return post ? { seq, kind: "counts", post } : null;
    }
    case "like":
    case "repost":
      return { seq, kind: row.kind, postId: row.post_id!, active: row.active === 1 };
    case "follow":
    case "followRequest":
    case "followRefused": {
      // A request is shown as asked until it becomes a follow (its own `follow` change) or ends.
      const requested = row.kind === "followRequest" && row.active === 1;
      return {
        seq,
        kind: "follow",
        follower: handles.get(row.account_id) ?? "",
        followee: handles.get(row.target_account_id!) ?? "",
        active: row.active === 1,
        ...(requested ? { requested: true as const } : {}),
      };
    }
    case "account": {
      const account = accounts.get(row.account_id);
      return account ? { seq, kind: "account", account } : null;
    }
    case "block":
    case "mute": {
      const handle = handles.get(row.target_account_id!);
      return handle ? { seq, kind: "relation", relation: row.kind, handle, active: row.active === 1 } : null;
    }
    case "suspension": {
      const handle = handles.get(row.target_account_id!);
      return handle ? { seq, kind: "suspension", handle, active: row.active === 1 } : null;
    }
    case "accountDeleted":
      // For other servers only: devices drop the account on the `suspension` logged with it.
      return null;
  }
}
