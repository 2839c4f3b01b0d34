import type { ActorKeysRecord, FollowPage } from "../records.ts";

export const ACTOR_KEYS = "SELECT keys FROM actor_keys WHERE account_id = ?";

/** Keeps the first keys saved for an account. Binds: the account, the keys (JSON), the time. */
export const SAVE_ACTOR_KEYS =
  "INSERT INTO actor_keys (account_id, keys, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

/** The server's own actor's keys (it signs what no account says: a report sent on). */
export const SERVER_ACTOR_KEYS = "SELECT value AS keys FROM instance WHERE key = 'actor_keys'";
/** Keeps the first keys saved for the server's actor. Binds: the keys (JSON). */
export const SAVE_SERVER_ACTOR_KEYS =
  "INSERT INTO instance (key, value) VALUES ('actor_keys', ?) ON CONFLICT (key) DO NOTHING";

export function actorKeysOf(row: { keys: string } | undefined): ActorKeysRecord | null {
  return row ? (JSON.parse(row.keys) as ActorKeysRecord) : null;
}

/** The columns of a follow page's rows, of the accounts `a`. */
/** Who follows the account, whom it follows, whom it asked to follow and waits for. */
export type FollowSide = "followers" | "following" | "requested";

const FOLLOW_PAGE_COLUMNS = "a.id, a.handle, a.actor_uri, a.inbox_url, a.shared_inbox_url";

/**
 * One page of a follow list, by account id (binds: account, after (exclusive, 0 first), limit).
 * `id` casts the bound id where PostgreSQL needs its type (`?::bigint`); SQLite takes `?`.
 */
export function followPageSql(side: FollowSide, id = "?"): string {
  const [table, own, other] =
    side === "followers"
      ? ["follows", "followee_id", "follower_id"]
      : [side === "following" ? "follows" : "follow_requests", "follower_id", "followee_id"];
  return `SELECT ${FOLLOW_PAGE_COLUMNS} FROM ${table} f JOIN accounts a ON a.id = f.${other}
    WHERE f.${own} = ? AND f.${other} > ${id} ORDER BY f.${other} LIMIT ?`;
}

export interface FollowPageRow {
  id: number;
  handle: string;
  actor_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
}

/** The page from the rows read (at most `limit` + 1: one more tells there is a next page). */
export function followPageOf(rows: FollowPageRow[], limit: number): FollowPage {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  return {
    accounts: page.map((row) => ({
      handle: row.handle,
      remote: row.actor_uri
        ? { actorUri: row.actor_uri, inbox: row.inbox_url!, sharedInbox: row.shared_inbox_url }
        : null,
    })),
    next: more ? page.at(-1)!.id : null,
  };
}

/** The accounts' counters, not a count of the posts table: millions of rows to scan. */
export const INSTANCE_USAGE =
  "SELECT count(*) AS users, coalesce(sum(post_count), 0) AS posts FROM accounts WHERE actor_uri IS NULL AND deleted_at IS NULL";
