import type { AccountRecord, RemoteProfile, ReportedCounts } from "../records.ts";
import {
  CLAIM_OUTBOX_READ,
  INSERT_REMOTE_ACCOUNT,
  UPDATE_REMOTE_PROFILE,
  remoteProfileValues,
} from "../rows/remote-accounts.ts";
import { accountById, handleOf, toRecord } from "./accounts.ts";
import { COLUMNS, type AccountRow } from "../rows/accounts.ts";
import { setFollow } from "./follows.ts";
import { logChange } from "./changes-log.ts";
import { deletePost, setInteraction } from "./posts.ts";
import { indexAccount, unindexAccount } from "./search.ts";
import { now } from "../rows/clock.ts";
import type { Statements } from "./statements.ts";
import { setSuspension } from "./suspensions.ts";
import { SUSPEND } from "../rows/suspensions.ts";

/** The live account of a remote actor, by its actor id. */
export function accountByActorUri(s: Statements, actorUri: string): AccountRecord | null {
  const row = s.get<AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE actor_uri = ? AND deleted_at IS NULL`,
    actorUri,
  );
  return row ? toRecord(s, row) : null;
}

/**
 * Creates or refreshes the account of a remote actor, found by its actor id. Its handle is set
 * when the account is created and kept from then on; a handle another account here holds (a
 * deleted actor's too: its server will not give it again) is refused, so nothing stored is taken
 * over by what another server says.
 */
export function saveRemoteAccount(
  s: Statements,
  profile: RemoteProfile,
): AccountRecord | "handle_taken" | "deleted" {
  const { actor } = profile;
  const existing = s.get<{ id: number; deleted_at: string | null }>(
    "SELECT id, deleted_at FROM accounts WHERE actor_uri = ?",
    actor.actorUri,
  );
  // A deleted actor stays deleted (its server answers 410 Gone for it from then on).
  if (existing?.deleted_at) return "deleted";
  if (!existing && s.get("SELECT 1 FROM accounts WHERE handle = ?", profile.handle)) return "handle_taken";
  const values = remoteProfileValues(profile, now());
  let id: number;
  if (existing) {
    id = existing.id;
    s.run(UPDATE_REMOTE_PROFILE, ...values, id);
  } else {
    id = s.get<{ id: number }>(INSERT_REMOTE_ACCOUNT, ...values, profile.handle, actor.actorUri, now())!.id;
  }
  indexAccount(s, id, handleOf(s, id), profile.displayName);
  logChange(s, { kind: "account", accountId: id });
  // One never seen before is marked quietly: no device holds anything of it yet.
  if (existing) setSuspension(s, id, "origin", profile.suspended);
  else if (profile.suspended) s.run(SUSPEND, now(), "origin", id);
  return accountById(s, id)!;
}

/**
 * Marks a remote account's outbox as being read now, unless it was read after `after` (an ISO
 * time): answers whether this reader got the turn, so two readers never both ask its server.
 */
export function claimOutboxRead(s: Statements, accountId: number, after: string): boolean {
  return s.run(CLAIM_OUTBOX_READ, now(), accountId, after).changes === 1;
}

/** Keeps the counts a remote account's server reports; devices hear of a change of them. */
export function saveReportedCounts(s: Statements, accountId: number, counts: ReportedCounts): void {
  const changed = s.run(
    `UPDATE accounts SET reported_posts = ?, reported_followers = ?, reported_following = ?
     WHERE id = ? AND actor_uri IS NOT NULL AND deleted_at IS NULL
       AND (reported_posts, reported_followers, reported_following) IS NOT (?, ?, ?)`,
    counts.posts,
    counts.followers,
    counts.following,
    accountId,
    counts.posts,
    counts.followers,
    counts.following,
  ).changes;
  if (changed === 1) logChange(s, { kind: "account", accountId });
}

/**
 * A remote actor its server deleted: its posts are deleted, its follows, likes and reposts are
 * undone (counts and the change log follow, as for anyone's deletion, unfollow or unlike), the
 * notifications it caused go, and its row stays, marked deleted, so nothing refers to a missing
 * account. Answers whether it was here.
 */
export function deleteRemoteAccount(s: Statements, actorUri: string, freed: string[]): boolean {
  const account = accountByActorUri(s, actorUri);
  if (!account) return false;
  const id = account.id;
  const posts = s.all<{ id: string }>("SELECT id FROM posts WHERE author_id = ? AND deleted_at IS NULL", id);
  for (const post of posts) deletePost(s, id, post.id, freed);
  const followees = s.all<{ handle: string }>(
    "SELECT a.handle FROM follows f JOIN accounts a ON a.id = f.followee_id WHERE f.follower_id = ?",
    id,
  );
  for (const { handle } of followees) setFollow(s, id, handle, false);
  const followers = s.all<{ id: number }>("SELECT follower_id AS id FROM follows WHERE followee_id = ?", id);
  for (const follower of followers) setFollow(s, follower.id, account.handle, false);
  for (const kind of ["like", "repost"] as const) {
    const table = kind === "like" ? "likes" : "reposts";
    const posts = s.all<{ post_id: string }>(`SELECT post_id FROM ${table} WHERE account_id = ?`, id);
    for (const { post_id } of posts) setInteraction(s, kind, id, post_id, false);
  }
  // Those who had asked to follow it stop waiting: their devices hear the request is over.
  const askers = s.all<{ follower_id: number }>(
    "DELETE FROM follow_requests WHERE followee_id = ? RETURNING follower_id",
    id,
  );
  for (const { follower_id } of askers)
    logChange(s, { kind: "followRefused", accountId: follower_id, targetAccountId: id, active: false });
  s.run("DELETE FROM notifications WHERE actor_id = ?", id);
  s.run("UPDATE accounts SET deleted_at = ? WHERE id = ?", now(), id);
  unindexAccount(s, id);
  return true;
}
