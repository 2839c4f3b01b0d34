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
import type { OpOutcome } from "../store.ts";
import { accountIdByHandle } from "./accounts.ts";
import { logChange } from "./changes-log.ts";
import { now } from "../rows/clock.ts";
import { BLOCKED_EITHER_WAY } from "../rows/relations.ts";
import { IS_SUSPENDED } from "../rows/suspensions.ts";
import type { Statements } from "./statements.ts";

/** Whether an account lives on another server (it has an actor id). */
function isRemote(s: Statements, accountId: number): boolean {
  return s.get(IS_REMOTE, accountId) !== undefined;
}

/**
 * Follows or unfollows the account with this handle. Following someone on another server is a
 * request until their server accepts it (`acceptFollow`): it is logged as `followRequest`, so
 * that delivery sends the Follow, and counts nowhere yet. Unfollowing withdraws a request too.
 */
export function setFollow(s: Statements, followerId: number, handle: string, active: boolean): OpOutcome {
  const followeeId = accountIdByHandle(s, handle);
  if (followeeId === null) return { status: "not_found", field: "handle", id: handle };
  if (followeeId === followerId) return { status: "self" };
  // Nobody starts following a suspended account (who follows it may stop).
  if (active && s.get(IS_SUSPENDED, followeeId)) return { status: "not_found", field: "handle", id: handle };
  if (active && s.get(BLOCKED_EITHER_WAY, followerId, followeeId, followerId, followeeId))
    return { status: "blocked" };
  const following = isFollowing(s, followerId, followeeId);
  if (active && !following && isRemote(s, followeeId)) {
    // Only a local account asks; another server's account follows through its own Follow.
    if (isRemote(s, followerId)) return { status: "not_found", field: "handle", id: handle };
    const asked = s.run(
      "INSERT OR IGNORE INTO follow_requests (follower_id, followee_id, created_at) VALUES (?, ?, ?)",
      followerId,
      followeeId,
      now(),
    ).changes;
    if (asked > 0)
      logChange(s, { kind: "followRequest", accountId: followerId, targetAccountId: followeeId, active });
    return { status: "done" };
  }
  if (!active && withdrawRequest(s, followerId, followeeId)) return { status: "done" };
  if (active !== following) setFollowRow(s, followerId, followeeId, active);
  return { status: "done" };
}

/**
 * The followee's server accepted a local account's request: it becomes a follow. Applied as an
 * operation of the followee (the remote account whose server sent the Accept).
 */
export function acceptFollow(s: Statements, followeeId: number, followerId: number): OpOutcome {
  const pending = s.run(DELETE_REQUEST, followerId, followeeId).changes;
  if (pending === 0) return { status: "not_found", field: "follow", id: String(followerId) };
  setFollowRow(s, followerId, followeeId, true);
  return { status: "done" };
}

/**
 * The followee's server refused a local account's request, or no longer lets it follow (Mastodon
 * sends a Reject when someone removes a follower): the request or the follow is gone.
 */
export function rejectFollow(s: Statements, followeeId: number, followerId: number): OpOutcome {
  if (withdrawRequest(s, followerId, followeeId, false)) {
    logChange(s, {
      kind: "followRefused",
      accountId: followerId,
      targetAccountId: followeeId,
      active: false,
    });
    return { status: "done" };
  }
  if (!isFollowing(s, followerId, followeeId))
    return { status: "not_found", field: "follow", id: String(followerId) };
  setFollowRow(s, followerId, followeeId, false);
  return { status: "done" };
}

/** Whether the follower follows the followee, has asked to, or neither. */
export function followState(s: Statements, followerId: number, followeeId: number): FollowState {
  if (isFollowing(s, followerId, followeeId)) return "following";
  const asked = s.get(IS_REQUESTED, followerId, followeeId);
  return asked ? "requested" : "none";
}

/** Ends the follows and requests between two accounts, both ways (one blocked the other). */
export function separate(s: Statements, a: number, b: number): void {
  for (const [follower, followee] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!withdrawRequest(s, follower, followee) && isFollowing(s, follower, followee))
      setFollowRow(s, follower, followee, false);
  }
}

function isFollowing(s: Statements, followerId: number, followeeId: number): boolean {
  return s.get(IS_FOLLOWING, followerId, followeeId) !== undefined;
}

/**
 * Removes a pending request. `undo`: the follower withdrew it (logged, so that delivery sends the
 * Undo); a refused request is only removed.
 */
function withdrawRequest(s: Statements, followerId: number, followeeId: number, undo = true): boolean {
  const removed = s.run(DELETE_REQUEST, followerId, followeeId).changes;
  if (removed > 0 && undo) {
    logChange(s, {
      kind: "followRequest",
      accountId: followerId,
      targetAccountId: followeeId,
      active: false,
    });
  }
  return removed > 0;
}

/** Writes or removes the follow itself, with both counts and the change log. */
function setFollowRow(s: Statements, followerId: number, followeeId: number, active: boolean): void {
  if (active) {
    s.run(INSERT_FOLLOW, followerId, followeeId, now());
  } else {
    s.run(DELETE_FOLLOW, followerId, followeeId);
  }
  const delta = active ? 1 : -1;
  s.run(ADD_FOLLOWING, delta, followerId);
  s.run(
    `UPDATE accounts SET follower_count = follower_count + ?1,
       remote_follower_count = remote_follower_count + CASE WHEN ?2 THEN ?1 ELSE 0 END
     WHERE id = ?3`,
    delta,
    isRemote(s, followerId) ? 1 : 0,
    followeeId,
  );
  logChange(s, { kind: "follow", accountId: followerId, targetAccountId: followeeId, active });
}
