import type { FollowState } from "../records.ts";
import {
  ADD_FOLLOWING,
  DELETE_FOLLOW,
  DELETE_REQUEST,
  INSERT_FOLLOW,
  IS_FOLLOWING,
  IS_REMOTE,
  IS_REQUESTED,
} from "../rows/follows.ts";
import { now } from "../rows/clock.ts";
import { BLOCKED_EITHER_WAY } from "../rows/relations.ts";
import { IS_SUSPENDED } from "../rows/suspensions.ts";
import type { OpOutcome } from "../store.ts";
import { accountIdByHandle } from "./accounts.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";

/**
 * Follows, as on SQLite (see sqlite/follows.ts). The checks before each write (following already?
 * asked already?) cannot race: every write here runs in a logged transaction, which holds the
 * change log's lock from its start (postgres/transactions.ts).
 */

/** Whether an account lives on another server (it has an actor id). */
async function isRemote(q: Queries, accountId: number): Promise<boolean> {
  return (await q.get(IS_REMOTE, accountId)) !== undefined;
}

/**
 * Follows or unfollows the account with this handle, as on SQLite: following someone on another
 * server is a request until their server accepts it (`acceptFollow`), logged as `followRequest`.
 */
export async function setFollow(
  q: Queries,
  followerId: number,
  handle: string,
  active: boolean,
): Promise<OpOutcome> {
  const followeeId = await accountIdByHandle(q, handle);
  if (followeeId === null) return { status: "not_found", field: "handle", id: handle };
  if (followeeId === followerId) return { status: "self" };
  if (active && (await q.get(IS_SUSPENDED, followeeId)))
    return { status: "not_found", field: "handle", id: handle };
  if (active && (await q.get(BLOCKED_EITHER_WAY, followerId, followeeId, followerId, followeeId)))
    return { status: "blocked" };
  const following = await isFollowing(q, followerId, followeeId);
  if (active && !following && (await isRemote(q, followeeId))) {
    // Only a local account asks; another server's account follows through its own Follow.
    if (await isRemote(q, followerId)) return { status: "not_found", field: "handle", id: handle };
    const asked = (
      await q.run(
        "INSERT INTO follow_requests (follower_id, followee_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        followerId,
        followeeId,
        now(),
      )
    ).changes;
    if (asked > 0)
      await logChange(q, {
        kind: "followRequest",
        accountId: followerId,
        targetAccountId: followeeId,
        active,
      });
    return { status: "done" };
  }
  if (!active && (await withdrawRequest(q, followerId, followeeId))) return { status: "done" };
  if (active !== following) await setFollowRow(q, followerId, followeeId, active);
  return { status: "done" };
}

/** As on SQLite: the followee's server accepted a local account's request. */
export async function acceptFollow(q: Queries, followeeId: number, followerId: number): Promise<OpOutcome> {
  const pending = (await q.run(DELETE_REQUEST, followerId, followeeId)).changes;
  if (pending === 0) return { status: "not_found", field: "follow", id: String(followerId) };
  await setFollowRow(q, followerId, followeeId, true);
  return { status: "done" };
}

/** As on SQLite: the followee's server refused a request, or removed a follower. */
export async function rejectFollow(q: Queries, followeeId: number, followerId: number): Promise<OpOutcome> {
  if (await withdrawRequest(q, followerId, followeeId, false)) {
    await logChange(q, {
      kind: "followRefused",
      accountId: followerId,
      targetAccountId: followeeId,
      active: false,
    });
    return { status: "done" };
  }
  if (!(await isFollowing(q, followerId, followeeId)))
    return { status: "not_found", field: "follow", id: String(followerId) };
  await setFollowRow(q, followerId, followeeId, false);
  return { status: "done" };
}

/** Whether the follower follows the followee, has asked to, or neither. */
export async function followState(q: Queries, followerId: number, followeeId: number): Promise<FollowState> {
  if (await isFollowing(q, followerId, followeeId)) return "following";
  const asked = await q.get(IS_REQUESTED, followerId, followeeId);
  return asked ? "requested" : "none";
}

/** As on SQLite: ends the follows and requests between two accounts, both ways. */
export async function separate(q: Queries, a: number, b: number): Promise<void> {
  for (const [follower, followee] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!(await withdrawRequest(q, follower, followee)) && (await isFollowing(q, follower, followee)))
      await setFollowRow(q, follower, followee, false);
  }
}

async function isFollowing(q: Queries, followerId: number, followeeId: number): Promise<boolean> {
  return (await q.get(IS_FOLLOWING, followerId, followeeId)) !== undefined;
}

/** Removes a pending request; `undo`: the follower withdrew it (logged), as on SQLite. */
async function withdrawRequest(
  q: Queries,
  followerId: number,
  followeeId: number,
  undo = true,
): Promise<boolean> {
  const removed = (await q.run(DELETE_REQUEST, followerId, followeeId)).changes;
  if (removed > 0 && undo) {
    await logChange(q, {
      kind: "followRequest",
      accountId: followerId,
      targetAccountId: followeeId,
      active: false,
    });
  }
  return removed > 0;
}

/**
 * Writes or removes the follow itself, with both counts and the change log. (SQLite binds the
 * delta once as `?1`; here the remote followers' delta is worked out before.)
 */
async function setFollowRow(
  q: Queries,
  followerId: number,
  followeeId: number,
  active: boolean,
): Promise<void> {
  if (active) await q.run(INSERT_FOLLOW, followerId, followeeId, now());
  else await q.run(DELETE_FOLLOW, followerId, followeeId);
  const delta = active ? 1 : -1;
  await q.run(ADD_FOLLOWING, delta, followerId);
  await q.run(
    `UPDATE accounts SET follower_count = follower_count + ?, remote_follower_count = remote_follower_count + ?
     WHERE id = ?`,
    delta,
    (await isRemote(q, followerId)) ? delta : 0,
    followeeId,
  );
  await logChange(q, { kind: "follow", accountId: followerId, targetAccountId: followeeId, active });
}
