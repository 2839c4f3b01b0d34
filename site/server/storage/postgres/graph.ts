import type {
  InstagramList,
  ListSummary,
  MatchesRecord,
  ProofRecord,
  ProveOutcome,
  ProvenProfile,
} from "../records.ts";
import { COLUMNS, type AccountRow } from "../rows/accounts.ts";
import {
  AUTO_FOLLOW_NOT_BLOCKED,
  MATCHED,
  proofRefusal,
  tally,
  toProof,
  type FollowPair,
  type ProofRow,
} from "../rows/graph.ts";
import { now } from "../rows/clock.ts";
import { accountById, handleOf, toRecords } from "./accounts.ts";
import { logChange } from "./changes-log.ts";
import type { Param, Queries } from "./db.ts";

/**
 * Follows created in bulk, set-based as on SQLite (see sqlite/graph.ts): one INSERT ... SELECT
 * whose RETURNING names the new pairs, then the counters and the change log for all of them in
 * three statements whatever their number, the pairs bound as arrays (`unnest`), which have no
 * parameter limit. `pairs` selects (follower_id, followee_id, created_at), its parameters cast
 * (`:me::int`, `:at::text`) since PostgreSQL cannot infer a select list's parameter types.
 */
async function addFollows(q: Queries, pairs: string, params: Record<string, Param>): Promise<number> {
  const added = await q.allNamed<FollowPair>(
    `INSERT INTO follows (follower_id, followee_id, created_at) ${pairs}
     ON CONFLICT DO NOTHING RETURNING follower_id, followee_id`,
    params,
  );
  if (added.length === 0) return 0;
  for (const [column, key] of [
    ["following_count", "follower_id"],
    ["follower_count", "followee_id"],
  ] as const) {
    const counts = tally(added, key);
    await q.run(
      `UPDATE accounts SET ${column} = ${column} + d.n
       FROM unnest(?::int[], ?::int[]) AS d(id, n)
       WHERE accounts.id = d.id`,
      counts.map(([id]) => id),
      counts.map(([, n]) => n),
    );
  }
  // In the order RETURNING gave them, as on SQLite (WITH ORDINALITY keeps it).
  await q.run(
    `INSERT INTO changes (kind, account_id, target_account_id, active)
     SELECT 'follow', u.follower_id, u.followee_id, 1
     FROM unnest(?::int[], ?::int[]) WITH ORDINALITY AS u(follower_id, followee_id, i) ORDER BY u.i`,
    added.map((row) => row.follower_id),
    added.map((row) => row.followee_id),
  );
  return added.length;
}

export async function saveProof(q: Queries, accountId: number, proof: ProofRecord): Promise<void> {
  await q.run(
    `INSERT INTO instagram_proofs (account_id, handle, code, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET handle = excluded.handle, code = excluded.code,
       expires_at = excluded.expires_at`,
    accountId,
    proof.handle,
    proof.code,
    proof.expiresAt,
  );
}

export async function pendingProof(q: Queries, accountId: number): Promise<ProofRecord | null> {
  const row = await q.get<ProofRow>(
    "SELECT handle, code, expires_at FROM instagram_proofs WHERE account_id = ?",
    accountId,
  );
  return row ? toProof(row) : null;
}

/** Handle of the account that proved this Instagram handle, if any. */
export async function instagramOwner(q: Queries, handle: string): Promise<string | null> {
  const row = await q.get<{ handle: string }>(
    `SELECT a.handle FROM instagram_links k JOIN accounts a ON a.id = k.account_id WHERE k.handle = ?`,
    handle.toLowerCase(),
  );
  return row?.handle ?? null;
}

/**
 * As on SQLite, see sqlite/graph.ts: all in the caller's transaction (which holds the change
 * log's lock, so two proofs of one handle never interleave). Notifications and follows are
 * created in account order (SQLite's index order), so their ids are the same on both.
 */
export async function prove(
  q: Queries,
  accountId: number,
  proof: ProvenProfile,
  at: string,
): Promise<ProveOutcome> {
  const refused = proofRefusal(await pendingProof(q, accountId), proof, at);
  if (refused) return refused;
  const handle = proof.handle;
  const holder = (
    await q.get<{ account_id: number }>("SELECT account_id FROM instagram_links WHERE handle = ?", handle)
  )?.account_id;
  let previousOwner: string | null = null;
  if (holder !== undefined && holder !== accountId) {
    await q.run("DELETE FROM instagram_links WHERE handle = ?", handle);
    await q.run(
      `UPDATE accounts SET instagram_handle = NULL, instagram_proven = 0, instagram_verified = 0
       WHERE id = ?`,
      holder,
    );
    await logChange(q, { kind: "account", accountId: holder });
    previousOwner = await handleOf(q, holder);
  }
  await q.run("DELETE FROM instagram_links WHERE account_id = ? AND handle != ?", accountId, handle);
  await q.run(
    `INSERT INTO instagram_links (handle, account_id, verified, proven_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (handle) DO UPDATE SET verified = excluded.verified, proven_at = excluded.proven_at`,
    handle,
    accountId,
    proof.verified ? 1 : 0,
    at,
  );
  await q.run(
    `UPDATE accounts SET instagram_handle = ?, instagram_proven = 1, instagram_verified = ? WHERE id = ?`,
    proof.username,
    proof.verified ? 1 : 0,
    accountId,
  );
  await q.run("DELETE FROM instagram_proofs WHERE account_id = ?", accountId);
  await logChange(q, { kind: "account", accountId });
  const params = { me: accountId, h: handle, at };
  let autoFollowed = 0;
  // The arrival happens once per handle on this server: proving it again, from this account or
  // another (a bio may hold several accounts' codes), pushes nobody's follows anywhere again.
  const firstArrival =
    (
      await q.run(
        "INSERT INTO instagram_arrivals (handle, arrived_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        handle,
        at,
      )
    ).changes > 0;
  if (firstArrival) {
    await q.allNamed(
      `INSERT INTO notifications (account_id, kind, actor_id, created_at)
       SELECT account_id, 'instagram_joined', :me::int, :at::text FROM instagram_lists
       WHERE handle = :h AND list = 'following' AND account_id != :me::int
       ORDER BY account_id`,
      params,
    );
    autoFollowed = await addFollows(
      q,
      `SELECT l.account_id, :me::int, :at::text FROM instagram_lists l JOIN accounts a ON a.id = l.account_id
       WHERE l.handle = :h AND l.list = 'following' AND a.auto_follow_instagram = 1 AND l.account_id != :me::int
         AND ${AUTO_FOLLOW_NOT_BLOCKED}
       ORDER BY l.account_id`,
      params,
    );
  }
  const [here] = await q.allNamed<{ n: number }>(
    `SELECT count(*) AS n FROM instagram_lists l
     JOIN follows f ON f.follower_id = l.account_id AND f.followee_id = :me
     WHERE l.handle = :h AND l.list = 'following'`,
    { me: accountId, h: handle },
  );
  return {
    status: "proven",
    account: (await accountById(q, accountId))!,
    autoFollowed,
    instagramFollowersHere: here!.n,
    previousOwner,
  };
}

/**
 * Replaces one uploaded list with these handles (lower-cased, duplicates dropped): one DELETE and
 * one INSERT ... SELECT over the handles bound as one array, however long the list. The wiring
 * runs this without the change log's lock, so the account's row is locked first: two uploads of
 * one account's list then run one after the other (the later one's list wins, as on SQLite)
 * rather than both deleting and the result being the union of the two. `lower` under the "C"
 * collation changes only ASCII letters, as SQLite's `lower`.
 */
export async function replaceList(
  q: Queries,
  accountId: number,
  list: InstagramList,
  handles: string[],
): Promise<number> {
  await q.run("SELECT 1 FROM accounts WHERE id = ? FOR UPDATE", accountId);
  await q.run("DELETE FROM instagram_lists WHERE account_id = ? AND list = ?", accountId, list);
  return (
    await q.run(
      `INSERT INTO instagram_lists (account_id, list, handle)
       SELECT ?::int, ?::text, lower(h COLLATE "C") FROM unnest(?::text[]) AS h
       ON CONFLICT DO NOTHING`,
      accountId,
      list,
      handles,
    )
  ).changes;
}

export async function listSummary(q: Queries, accountId: number): Promise<ListSummary> {
  const count = async (list: InstagramList) =>
    (await q.get<{ n: number }>(
      "SELECT count(*) AS n FROM instagram_lists WHERE account_id = ? AND list = ?",
      accountId,
      list,
    ))!.n;
  const auto = await q.get<{ a: number }>(
    "SELECT auto_follow_instagram AS a FROM accounts WHERE id = ?",
    accountId,
  );
  return {
    following: await count("following"),
    followers: await count("followers"),
    autoFollow: auto?.a === 1,
  };
}

export async function setAutoFollow(q: Queries, accountId: number, on: boolean): Promise<void> {
  await q.run("UPDATE accounts SET auto_follow_instagram = ? WHERE id = ?", on ? 1 : 0, accountId);
}

export async function matches(q: Queries, accountId: number): Promise<MatchesRecord> {
  const rows = await q.allNamed<AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE id IN (${MATCHED})
     AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = :me AND f.followee_id = accounts.id)
     ORDER BY handle`,
    { me: accountId },
  );
  const [followed] = await q.allNamed<{ n: number }>(
    `SELECT count(*) AS n FROM follows f WHERE f.follower_id = :me AND f.followee_id IN (${MATCHED})`,
    { me: accountId },
  );
  return { accounts: await toRecords(q, rows), alreadyFollowing: followed!.n };
}

export async function followMatches(q: Queries, accountId: number): Promise<number> {
  return addFollows(
    q,
    `SELECT :me::int, m.account_id, :at::text FROM (${MATCHED}) AS m ORDER BY m.account_id`,
    {
      me: accountId,
      at: now(),
    },
  );
}
