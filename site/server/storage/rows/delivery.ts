import type { OutgoingChange, OutgoingChangePage } from "../records.ts";

/** The most change-log rows one read examines. */
export const MAX_SCAN = 50_000;

export interface OutgoingRow {
  seq: number;
  kind: OutgoingChange["kind"];
  account_id: number;
  handle: string;
  post_id: string | null;
  target_account_id: number | null;
  active: number | null;
}

/**
 * The changes after :after up to :end that may concern another server (see outgoingChanges in
 * sqlite/delivery.ts), at most :limit. Each test is a lookup by key for the row at hand: no list
 * of every remote account is built.
 */
export const OUTGOING_CHANGES = `SELECT c.seq, c.kind, c.account_id, a.handle, c.post_id, c.target_account_id, c.active
  FROM changes c JOIN accounts a ON a.id = c.account_id
  WHERE c.seq > :after AND c.seq <= :end AND a.actor_uri IS NULL AND (
    c.kind IN ('postDeleted', 'postEdited', 'accountDeleted')
    OR (c.kind IN ('account', 'post', 'repost') AND a.remote_follower_count > 0)
    OR (c.kind IN ('follow', 'followRequest', 'block') AND EXISTS (
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
  ORDER BY c.seq LIMIT :limit`;

/** The page from the rows read: a full page continues after its last row, else after `end`. */
export function outgoingPage(
  rows: OutgoingRow[],
  bounds: { after: number; end: number; limit: number },
): OutgoingChangePage {
  const last = rows.length === bounds.limit ? rows.at(-1)!.seq : bounds.end;
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
    last: Math.max(last, bounds.after),
  };
}
