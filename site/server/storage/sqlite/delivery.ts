import type { DeliveryTarget, OutgoingChange, OutgoingChangePage } from "../records.ts";
import { latestChangeSeq } from "./sync.ts";
import type { Statements } from "./statements.ts";

/** The most change-log rows one read examines. */
const MAX_SCAN = 50_000;

interface Row {
  seq: number;
  kind: OutgoingChange["kind"];
  account_id: number;
  handle: string;
  post_id: string | null;
  target_account_id: number | null;
  active: number | null;
}

/**
 * The changes after `after` that may concern another server, in commit order: those of local
 * accounts that someone elsewhere follows (posts, reposts, profile changes), follows of and likes
 * of what lives elsewhere, posts that may mention someone elsewhere or answer or quote a post from
 * elsewhere, and every deletion (a deleted post's text, and so whom it mentioned, is gone: delivery
 * remembers whom its Create reached). The many changes nobody elsewhere hears of are skipped here,
 * in one query, rather than one by one.
 */
export function outgoingChanges(s: Statements, after: number, limit: number): OutgoingChangePage {
  const end = Math.min(after + MAX_SCAN, latestChangeSeq(s));
  const rows = s.allNamed<Row>(
    // Each test is a lookup by key for the row at hand: no list of every remote account is built.
    `SELECT c.seq, c.kind, c.account_id, a.handle, c.post_id, c.target_account_id, c.active
     FROM changes c JOIN accounts a ON a.id = c.account_id
     WHERE c.seq > :after AND c.seq <= :end AND a.actor_uri IS NULL AND (
       c.kind = 'postDeleted'
       OR (c.kind IN ('account', 'post', 'repost') AND a.remote_follower_count > 0)
       OR (c.kind IN ('follow', 'followRequest') AND EXISTS (
           SELECT 1 FROM accounts t WHERE t.id = c.target_account_id AND t.actor_uri IS NOT NULL))
       OR (c.kind IN ('like', 'repost') AND EXISTS (
           SELECT 1 FROM posts p JOIN accounts pa ON pa.id = p.author_id
           WHERE p.id = c.post_id AND pa.actor_uri IS NOT NULL))
       OR (c.kind = 'post' AND EXISTS (
           SELECT 1 FROM posts p WHERE p.id = c.post_id AND (
             p.text LIKE '%@%@%'
             OR EXISTS (SELECT 1 FROM posts t
                        WHERE t.id IN (p.reply_to, p.quote_of) AND t.object_uri IS NOT NULL))))
     )
     ORDER BY c.seq LIMIT :limit`,
    { after, end, limit },
  );
  const last = rows.length === limit ? rows.at(-1)!.seq : end;
  return {
    changes: rows.map((row) => ({
      seq: row.seq,
      kind: row.kind,
      accountId: row.account_id,
      handle: row.handle,
      postId: row.post_id,
      targetAccountId: row.target_account_id,
      active: row.active === null ? null : row.active === 1,
    })),
    last: Math.max(last, after),
  };
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
     GROUP BY coalesce(r.shared_inbox_url, r.inbox_url)`,
    accountId,
  );
}
