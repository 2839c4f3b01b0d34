import type { ActorKeysRecord, FollowPage, InstanceUsage } from "../records.ts";
import { now, type Statements } from "./statements.ts";

export function actorKeys(s: Statements, accountId: number): ActorKeysRecord | null {
  const row = s.get<{ keys: string }>("SELECT keys FROM actor_keys WHERE account_id = ?", accountId);
  return row ? (JSON.parse(row.keys) as ActorKeysRecord) : null;
}

/** Keeps the first keys saved for an account and answers those: two racing makers agree. */
export function saveActorKeys(s: Statements, accountId: number, keys: ActorKeysRecord): ActorKeysRecord {
  s.run(
    "INSERT INTO actor_keys (account_id, keys, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    accountId,
    JSON.stringify(keys),
    now(),
  );
  return actorKeys(s, accountId)!;
}

/** A page of an account's followers (or followees), in the order they are stored, by account id. */
export function followPage(
  s: Statements,
  accountId: number,
  side: "followers" | "following",
  after: number | null,
  limit: number,
): FollowPage {
  type Row = {
    id: number;
    handle: string;
    actor_uri: string | null;
    inbox_url: string | null;
    shared_inbox_url: string | null;
  };
  const rows =
    side === "followers"
      ? s.all<Row>(
          `SELECT a.id, a.handle, a.actor_uri, a.inbox_url, a.shared_inbox_url FROM follows f JOIN accounts a ON a.id = f.follower_id
           WHERE f.followee_id = ? AND f.follower_id > ? ORDER BY f.follower_id LIMIT ?`,
          accountId,
          after ?? 0,
          limit + 1,
        )
      : s.all<Row>(
          `SELECT a.id, a.handle, a.actor_uri, a.inbox_url, a.shared_inbox_url FROM follows f JOIN accounts a ON a.id = f.followee_id
           WHERE f.follower_id = ? AND f.followee_id > ? ORDER BY f.followee_id LIMIT ?`,
          accountId,
          after ?? 0,
          limit + 1,
        );
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

export function instanceUsage(s: Statements): InstanceUsage {
  // The accounts' counters, not a count of the posts table: millions of rows to scan.
  return s.get<InstanceUsage>(
    "SELECT count(*) AS users, coalesce(sum(post_count), 0) AS posts FROM accounts WHERE actor_uri IS NULL",
  )!;
}
