/**
 * Blocks and mutes, the same on both databases: one table, `relations (account_id, target_id,
 * kind)`, where `account_id` blocked or muted `target_id`. The fragments below take SQL
 * expressions (a column, or `?` to bind an account id) and are used wherever an answer is read.
 */

export type RelationKind = "block" | "mute";

/** The accounts nothing is shown of: suspended (by this server's admins or their own server) or deleted. */
export const HIDDEN_ACCOUNTS =
  "SELECT id FROM accounts WHERE suspended_at IS NOT NULL OR deleted_at IS NOT NULL";

/** `account` (a column) is not hidden: neither suspended nor deleted. */
export const notHidden = (account: string) =>
  `NOT EXISTS (SELECT 1 FROM accounts sx WHERE sx.id = ${account}
    AND (sx.suspended_at IS NOT NULL OR sx.deleted_at IS NOT NULL))`;

/**
 * What `reader` may see of `account` (a column: it is read once more): anything, unless the account
 * is suspended or deleted, or either of them blocked the other. A `?` given as `reader` is bound twice.
 */
export const visibleTo = (reader: string, account: string) =>
  `${notHidden(account)}
  AND NOT EXISTS (SELECT 1 FROM relations rb WHERE rb.kind = 'block'
    AND ((rb.account_id = ${reader} AND rb.target_id = ${account})
      OR (rb.account_id = ${account} AND rb.target_id = ${reader})))`;

/** Either of two accounts blocked the other: one row, or none. Binds: a, b, a, b. */
export const BLOCKED_EITHER_WAY = `SELECT 1 FROM relations WHERE kind = 'block'
  AND ((account_id = ? AND target_id = ?) OR (target_id = ? AND account_id = ?))`;

/** `reader` did not mute `author`. */
export const notMuted = (reader: string, author: string) =>
  `NOT EXISTS (SELECT 1 FROM relations rm WHERE rm.kind = 'mute'
    AND rm.account_id = ${reader} AND rm.target_id = ${author})`;

/**
 * What a reader's timelines and notifications hold from `author`: nothing when the author is
 * suspended, either blocked the other or the reader muted them. Binds the reader three times when
 * it is `?`.
 */
export const shownTo = (reader: string, author: string) =>
  `${visibleTo(reader, author)} AND ${notMuted(reader, author)}`;

/** The parameters of `shownTo("?", …)` for a reader (-1 for no one). */
export const shownParams = (reader: number | null) => Array<number>(3).fill(reader ?? -1);

/** Whom an account blocked or muted (`handle`, `kind`), newest first. Binds: account, limit. */
export const OWN_RELATIONS = `SELECT a.handle, r.kind FROM relations r JOIN accounts a ON a.id = r.target_id
  WHERE r.account_id = ? AND a.deleted_at IS NULL ORDER BY r.id DESC LIMIT ?`;

/** Binds: account, target, kind, time. */
export const INSERT_RELATION = `INSERT INTO relations (account_id, target_id, kind, created_at) VALUES (?, ?, ?, ?)
  ON CONFLICT DO NOTHING`;
/** Binds: account, target, kind. */
export const DELETE_RELATION = "DELETE FROM relations WHERE account_id = ? AND target_id = ? AND kind = ?";

/** Who blocked whom between two accounts, and whether the first muted the second. Binds a, b, a, b, a, b. */
export const RELATIONS_BETWEEN = `SELECT
    EXISTS (SELECT 1 FROM relations WHERE account_id = ? AND target_id = ? AND kind = 'block') AS blocking,
    EXISTS (SELECT 1 FROM relations WHERE target_id = ? AND account_id = ? AND kind = 'block') AS blocked_by,
    EXISTS (SELECT 1 FROM relations WHERE account_id = ? AND target_id = ? AND kind = 'mute') AS muting`;

export interface RelationsRow {
  blocking: number | boolean;
  blocked_by: number | boolean;
  muting: number | boolean;
}

/** Where two accounts stand: `blocking` and `muting` as the first sees the second. */
export interface Relations {
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
}

export const relationsOf = (row: RelationsRow | undefined): Relations => ({
  blocking: Boolean(row?.blocking),
  blockedBy: Boolean(row?.blocked_by),
  muting: Boolean(row?.muting),
});

/**
 * One page of the accounts an account blocked or muted, newest first (keyset on the relation's
 * id): the accounts' `columns` (rows/accounts.ts) and `relation_id`. Binds: account, kind,
 * before, limit.
 */
export const relationPageQuery = (columns: string) => `SELECT ${columns}, rel.relation_id
  FROM (SELECT id AS relation_id, target_id FROM relations
        WHERE account_id = ? AND kind = ? AND id < ? ORDER BY id DESC LIMIT ?) AS rel
  JOIN accounts ON accounts.id = rel.target_id
  ORDER BY rel.relation_id DESC`;
