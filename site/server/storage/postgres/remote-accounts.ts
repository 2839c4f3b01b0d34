import type { AccountRecord, RemoteProfile, ReportedCounts } from "../records.ts";
import { COLUMNS, type AccountRow } from "../rows/accounts.ts";
import {
  CLAIM_OUTBOX_READ,
  INSERT_REMOTE_ACCOUNT,
  UPDATE_REMOTE_PROFILE,
  remoteProfileValues,
} from "../rows/remote-accounts.ts";
import { now } from "../rows/clock.ts";
import { accountById, handleOf, toRecord } from "./accounts.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";
import { setFollow } from "./follows.ts";
import { deletePost, setInteraction } from "./posts.ts";
import { indexAccount, unindexAccount } from "./search.ts";
import { setSuspension } from "./suspensions.ts";
import { SUSPEND } from "../rows/suspensions.ts";

/** The live account of a remote actor, by its actor id. */
export async function accountByActorUri(q: Queries, actorUri: string): Promise<AccountRecord | null> {
  const row = await q.get<AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE actor_uri = ? AND deleted_at IS NULL`,
    actorUri,
  );
  return row ? toRecord(q, row) : null;
}

/**
 * As on SQLite, see sqlite/remote-accounts.ts. The check of the handle and the insert cannot race
 * another process's: the wiring runs this holding the change log's lock.
 */
export async function saveRemoteAccount(
  q: Queries,
  profile: RemoteProfile,
): Promise<AccountRecord | "handle_taken" | "deleted"> {
  const { actor } = profile;
  const existing = await q.get<{ id: number; deleted_at: string | null }>(
    "SELECT id, deleted_at FROM accounts WHERE actor_uri = ?",
    actor.actorUri,
  );
  // A deleted actor stays deleted (its server answers 410 Gone for it from then on).
  if (existing?.deleted_at) return "deleted";
  if (!existing && (await q.get("SELECT 1 FROM accounts WHERE handle = ?", profile.handle)))
    return "handle_taken";
  const values = remoteProfileValues(profile, now());
  let id: number;
  if (existing) {
    id = existing.id;
    await q.run(UPDATE_REMOTE_PROFILE, ...values, id);
  } else {
    id = (await q.get<{ id: number }>(
      INSERT_REMOTE_ACCOUNT,
      ...values,
      profile.handle,
      actor.actorUri,
      now(),
    ))!.id;
  }
  await indexAccount(q, id, await handleOf(q, id), profile.displayName);
  await logChange(q, { kind: "account", accountId: id });
  // One never seen before is marked quietly: no device holds anything of it yet.
  if (existing) await setSuspension(q, id, "origin", profile.suspended);
  else if (profile.suspended) await q.run(SUSPEND, now(), "origin", id);
  return (await accountById(q, id))!;
}

/**
 * As on SQLite, see sqlite/remote-accounts.ts: one UPDATE whose WHERE holds the condition, so the
 * claim is atomic across processes without the change log's lock (the wiring runs it without):
 * a second reader's UPDATE waits for the first's row lock, then re-checks the condition on the
 * row as the first left it, and changes nothing.
 */
export async function claimOutboxRead(q: Queries, accountId: number, after: string): Promise<boolean> {
  return (await q.run(CLAIM_OUTBOX_READ, now(), accountId, after)).changes === 1;
}

/**
 * As on SQLite, see sqlite/remote-accounts.ts (`IS DISTINCT FROM` is PostgreSQL's `IS NOT`: two
 * NULLs are the same).
 */
export async function saveReportedCounts(
  q: Queries,
  accountId: number,
  counts: ReportedCounts,
): Promise<void> {
  const changed = (
    await q.run(
      `UPDATE accounts SET reported_posts = ?, reported_followers = ?, reported_following = ?
       WHERE id = ? AND actor_uri IS NOT NULL AND deleted_at IS NULL
         AND (reported_posts, reported_followers, reported_following) IS DISTINCT FROM (?::bigint, ?::bigint, ?::bigint)`,
      counts.posts,
      counts.followers,
      counts.following,
      accountId,
      counts.posts,
      counts.followers,
      counts.following,
    )
  ).changes;
  if (changed === 1) await logChange(q, { kind: "account", accountId });
}

/**
 * As on SQLite, see sqlite/remote-accounts.ts. Rows are undone in the order SQLite's indexes give
 * them (posts by seq, follows by the other account, likes and reposts by post), so the change log
 * reads the same on both.
 */
export async function deleteRemoteAccount(q: Queries, actorUri: string, freed: string[]): Promise<boolean> {
  const account = await accountByActorUri(q, actorUri);
  if (!account) return false;
  const id = account.id;
  const posts = await q.all<{ id: string }>(
    "SELECT id FROM posts WHERE author_id = ? AND deleted_at IS NULL ORDER BY seq",
    id,
  );
  for (const post of posts) await deletePost(q, id, post.id, freed);
  const followees = await q.all<{ handle: string }>(
    `SELECT a.handle FROM follows f JOIN accounts a ON a.id = f.followee_id WHERE f.follower_id = ?
     ORDER BY f.followee_id`,
    id,
  );
  for (const { handle } of followees) await setFollow(q, id, handle, false);
  const followers = await q.all<{ id: number }>(
    "SELECT follower_id AS id FROM follows WHERE followee_id = ? ORDER BY follower_id",
    id,
  );
  for (const follower of followers) await setFollow(q, follower.id, account.handle, false);
  for (const kind of ["like", "repost"] as const) {
    const table = kind === "like" ? "likes" : "reposts";
    const posts = await q.all<{ post_id: string }>(
      `SELECT post_id FROM ${table} WHERE account_id = ? ORDER BY post_id`,
      id,
    );
    for (const { post_id } of posts) await setInteraction(q, kind, id, post_id, false);
  }
  // Those who had asked to follow it stop waiting: their devices hear the request is over.
  const askers = await q.all<{ follower_id: number }>(
    `WITH gone AS (DELETE FROM follow_requests WHERE followee_id = ? RETURNING follower_id)
     SELECT follower_id FROM gone ORDER BY follower_id`,
    id,
  );
  for (const { follower_id } of askers)
    await logChange(q, { kind: "followRefused", accountId: follower_id, targetAccountId: id, active: false });
  await q.run("DELETE FROM notifications WHERE actor_id = ?", id);
  await q.run("UPDATE accounts SET deleted_at = ? WHERE id = ?", now(), id);
  await unindexAccount(q, id);
  return true;
}
