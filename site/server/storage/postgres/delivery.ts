import type { DeliveryTarget, OutgoingChangePage } from "../records.ts";
import { MAX_SCAN, OUTGOING_CHANGES, outgoingPage, type OutgoingRow } from "../rows/delivery.ts";
import type { Queries } from "./db.ts";
import { latestChangeSeq } from "./sync.ts";

/**
 * As on SQLite (see sqlite/delivery.ts): the changes after `after` that may concern another
 * server, in commit order, in one query.
 */
export async function outgoingChanges(q: Queries, after: number, limit: number): Promise<OutgoingChangePage> {
  const end = Math.min(after + MAX_SCAN, await latestChangeSeq(q));
  const rows = await q.allNamed<OutgoingRow>(OUTGOING_CHANGES, { after, end, limit });
  return outgoingPage(rows, { after, end, limit });
}

/**
 * As on SQLite: one target per inbox (the shared inbox when there is one). SQLite takes the other
 * columns from the row of `min(actor_uri)`; PostgreSQL says the same with DISTINCT ON, ordered by
 * the inbox as SQLite's GROUP BY returns them (byte order, `COLLATE "C"`, no inbox first).
 */
export async function remoteFollowerInboxes(q: Queries, accountId: number): Promise<DeliveryTarget[]> {
  const targets = await q.all<DeliveryTarget>(
    `SELECT DISTINCT ON (coalesce(r.shared_inbox_url, r.inbox_url) COLLATE "C")
       r.actor_uri AS "actorUri", r.inbox_url AS inbox, r.shared_inbox_url AS "sharedInbox"
     FROM follows f JOIN accounts r ON r.id = f.follower_id
     WHERE f.followee_id = ? AND r.actor_uri IS NOT NULL AND r.deleted_at IS NULL
       AND r.suspended_at IS NULL
     ORDER BY coalesce(r.shared_inbox_url, r.inbox_url) COLLATE "C" NULLS FIRST, r.actor_uri COLLATE "C"`,
    accountId,
  );
  return [...targets];
}
