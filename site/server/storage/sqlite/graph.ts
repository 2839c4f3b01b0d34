import type { SQLInputValue } from "node:sqlite";
import type {
  InstagramList,
  ListSummary,
  MatchesRecord,
  ProofRecord,
  ProveOutcome,
  ProvenProfile,
} from "../records.ts";
import {
  AUTO_FOLLOW_NOT_BLOCKED,
  MATCHED,
  proofRefusal,
  tally,
  toProof,
  type FollowPair,
  type ProofRow,
} from "../rows/graph.ts";
import { accountById, handleOf, toRecords } from "./accounts.ts";
import { COLUMNS, type AccountRow } from "../rows/accounts.ts";
import { logChange } from "./changes-log.ts";
import { now } from "../rows/clock.ts";
import type { Statements } from "./statements.ts";

type Named = Record<string, SQLInputValue>;

/**
 * Follows created in bulk (arrival of a proven handle, "Follow all"): one INSERT ... SELECT whose
 * RETURNING names the pairs that are new, then the counters and the change log for all of them
 * in a few set-based statements, so 50,000 follows cost a handful of queries, not 50,000 round
 * trips. `pairs` selects (follower_id, followee_id, created_at).
 */
function addFollows(s: Statements, pairs: string, params: Named): number {
  const added = s
    .prepare(
      `INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at) ${pairs}
       RETURNING follower_id, followee_id`,
    )
    .all(params) as unknown as FollowPair[];
  if (added.length === 0) return 0;
  for (const [column, key] of [
    ["following_count", "follower_id"],
    ["follower_count", "followee_id"],
  ] as const) {
    s.run(
      `UPDATE accounts SET ${column} = ${column} + d.n
       FROM (SELECT value ->> 0 AS id, value ->> 1 AS n FROM json_each(?)) AS d
       WHERE accounts.id = d.id`,
      JSON.stringify(tally(added, key)),
    );
  }
  s.run(
    `INSERT INTO changes (kind, account_id, target_account_id, active)
     SELECT 'follow', value ->> 0, value ->> 1, 1 FROM json_each(?) ORDER BY key`,
    JSON.stringify(added.map((row) => [row.follower_id, row.followee_id])),
  );
  return added.length;
}

export function saveProof(s: Statements, accountId: number, proof: ProofRecord): void {
  s.run(
    `INSERT INTO instagram_proofs (account_id, handle, code, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET handle = excluded.handle, code = excluded.code,
       expires_at = excluded.expires_at`,
    accountId,
    proof.handle,
    proof.code,
    proof.expiresAt,
  );
}

export function pendingProof(s: Statements, accountId: number): ProofRecord | null {
  const row = s.get<ProofRow>(
    "SELECT handle, code, expires_at FROM instagram_proofs WHERE account_id = ?",
    accountId,
  );
  return row ? toProof(row) : null;
}

/** Handle of the account that proved this Instagram handle, if any. */
export function instagramOwner(s: Statements, handle: string): string | null {
  const row = s.get<{ handle: string }>(
    `SELECT a.handle FROM instagram_links k JOIN accounts a ON a.id = k.account_id WHERE k.handle = ?`,
    handle.toLowerCase(),
  );
  return row?.handle ?? null;
}

/**
 * Links the handle to the account, all in the caller's transaction: the previous holder loses
 * it, the pending code is spent, and on the handle's first arrival on this server everyone who
 * follows it on Instagram hears of it while the opted-in among them follow the account.
 */
export function prove(s: Statements, accountId: number, proof: ProvenProfile, at: string): ProveOutcome {
  const refused = proofRefusal(pendingProof(s, accountId), proof, at);
  if (refused) return refused;
  const handle = proof.handle;
  const holder = s.get<{ account_id: number }>(
    "SELECT account_id FROM instagram_links WHERE handle = ?",
    handle,
  )?.account_id;
  let previousOwner: string | null = null;
  if (holder !== undefined && holder !== accountId) {
    s.run("DELETE FROM instagram_links WHERE handle = ?", handle);
    s.run(
      `UPDATE accounts SET instagram_handle = NULL, instagram_proven = 0, instagram_verified = 0
       WHERE id = ?`,
      holder,
    );
    logChange(s, { kind: "account", accountId: holder });
    previousOwner = handleOf(s, holder);
  }
  s.run("DELETE FROM instagram_links WHERE account_id = ? AND handle != ?", accountId, handle);
  s.run(
    `INSERT INTO instagram_links (handle, account_id, verified, proven_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (handle) DO UPDATE SET verified = excluded.verified, proven_at = excluded.proven_at`,
    handle,
    accountId,
    proof.verified ? 1 : 0,
    at,
  );
  s.run(
    `UPDATE accounts SET instagram_handle = ?, instagram_proven = 1, instagram_verified = ? WHERE id = ?`,
    proof.username,
    proof.verified ? 1 : 0,
    accountId,
  );
  s.run("DELETE FROM instagram_proofs WHERE account_id = ?", accountId);
  logChange(s, { kind: "account", accountId });
  const params = { me: accountId, h: handle, at };
  let autoFollowed = 0;
  // The arrival happens once per handle on this server: proving it again, from this account or
  // another (a bio may hold several accounts' codes), pushes nobody's follows anywhere again.
  const firstArrival =
    s.run("INSERT OR IGNORE INTO instagram_arrivals (handle, arrived_at) VALUES (?, ?)", handle, at).changes >
    0;
  if (firstArrival) {
    s.prepare(
      `INSERT INTO notifications (account_id, kind, actor_id, created_at)
       SELECT account_id, 'instagram_joined', :me, :at FROM instagram_lists
       WHERE handle = :h AND list = 'following' AND account_id != :me`,
    ).run(params);
    autoFollowed = addFollows(
      s,
      `SELECT l.account_id, :me, :at FROM instagram_lists l JOIN accounts a ON a.id = l.account_id
       WHERE l.handle = :h AND l.list = 'following' AND a.auto_follow_instagram = 1 AND l.account_id != :me
         AND ${AUTO_FOLLOW_NOT_BLOCKED}`,
      params,
    );
  }
  const here = s
    .prepare(
      `SELECT count(*) AS n FROM instagram_lists l
       JOIN follows f ON f.follower_id = l.account_id AND f.followee_id = :me
       WHERE l.handle = :h AND l.list = 'following'`,
    )
    .get({ me: accountId, h: handle }) as { n: number };
  return {
    status: "proven",
    account: accountById(s, accountId)!,
    autoFollowed,
    instagramFollowersHere: here.n,
    previousOwner,
  };
}

/** Replaces one uploaded list with these handles (lower-cased, duplicates dropped). */
export function replaceList(
  s: Statements,
  accountId: number,
  list: InstagramList,
  handles: string[],
): number {
  s.run("DELETE FROM instagram_lists WHERE account_id = ? AND list = ?", accountId, list);
  return s.run(
    `INSERT OR IGNORE INTO instagram_lists (account_id, list, handle)
     SELECT ?, ?, lower(value) FROM json_each(?)`,
    accountId,
    list,
    JSON.stringify(handles),
  ).changes;
}

export function listSummary(s: Statements, accountId: number): ListSummary {
  const count = (list: InstagramList) =>
    s.get<{ n: number }>(
      "SELECT count(*) AS n FROM instagram_lists WHERE account_id = ? AND list = ?",
      accountId,
      list,
    )!.n;
  const auto = s.get<{ a: number }>(
    "SELECT auto_follow_instagram AS a FROM accounts WHERE id = ?",
    accountId,
  );
  return { following: count("following"), followers: count("followers"), autoFollow: auto?.a === 1 };
}

export function setAutoFollow(s: Statements, accountId: number, on: boolean): void {
  s.run("UPDATE accounts SET auto_follow_instagram = ? WHERE id = ?", on ? 1 : 0, accountId);
}

export function matches(s: Statements, accountId: number): MatchesRecord {
  const rows = s
    .prepare(
      `SELECT ${COLUMNS} FROM accounts WHERE id IN (${MATCHED})
       AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = :me AND f.followee_id = accounts.id)
       ORDER BY handle`,
    )
    .all({ me: accountId }) as unknown as AccountRow[];
  const followed = s
    .prepare(
      `SELECT count(*) AS n FROM follows f WHERE f.follower_id = :me AND f.followee_id IN (${MATCHED})`,
    )
    .get({ me: accountId }) as { n: number };
  return { accounts: toRecords(s, rows), alreadyFollowing: followed.n };
}

export function followMatches(s: Statements, accountId: number): number {
  return addFollows(s, `SELECT :me, account_id, :at FROM (${MATCHED})`, { me: accountId, at: now() });
}
