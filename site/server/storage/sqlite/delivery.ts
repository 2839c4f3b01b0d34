import type { DeliveryTarget, OutgoingChangePage } from "../records.ts";
import { MAX_SCAN, OUTGOING_CHANGES, outgoingPage, type OutgoingRow } from "../rows/delivery.ts";
import { latestChangeSeq } from "./sync.ts";
import type { Statements } from "./statements.ts";

/**
 * The changes after `after` that may concern another server, in commit order: those of local
 * accounts that someone elsewhere follows (posts, reposts, profile changes), follows, blocks and likes
 * of what lives elsewhere, posts that may mention someone elsewhere or answer or quote a post from
 * elsewhere, and every deletion (a deleted post's text, and so whom it mentioned, is gone: delivery
 * remembers whom its Create reached). The many changes nobody elsewhere hears of are skipped here,
 * in one query, rather than one by one.
 */
export function outgoingChanges(s: Statements, after: number, limit: number): OutgoingChangePage {
  const end = Math.min(after + MAX_SCAN, latestChangeSeq(s));
  const rows = s.allNamed<OutgoingRow>(OUTGOING_CHANGES, { after, end, limit });
  return outgoingPage(rows, { after, end, limit });
}

/**
 * Where a local account's followers elsewhere receive what it sends: one target per inbox they
 * are reached at (their server's shared inbox when it has one), so a server with many followers
 * gets one delivery.
 */
export function remoteFollowerInboxes(s: Statements, accountId: number): DeliveryTarget[] {
  return s.all<DeliveryTarget>(
    `SELECT min(r.actor_uri) AS actorUri, r.inbox_url AS inbox, r.shared_inbox_url AS sharedInbox
     FROM follows f JOIN accounts r ON r.id = f.follower_id
     WHERE f.followee_id = ? AND r.actor_uri IS NOT NULL AND r.deleted_at IS NULL
       AND r.suspended_at IS NULL
     GROUP BY coalesce(r.shared_inbox_url, r.inbox_url)`,
    accountId,
  );
}
