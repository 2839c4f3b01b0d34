import type { ChangeEntry } from "./changes-log.ts";

/**
 * Suspended accounts, the same on both databases. An account is suspended by this server's admins
 * (`admin`) or, for someone elsewhere, by its own server (`origin`: its actor says `suspended`);
 * each lifts only its own suspension, and an admin's holds over its server's word. While it holds,
 * the account cannot sign in (its sessions end) and nothing of it is shown (`visibleTo` in
 * rows/relations.ts).
 */

export type SuspendedBy = "admin" | "origin";

/**
 * How many of its latest posts come back to the devices of an account's followers when an admin
 * lifts its suspension (not when its own server does: another server could otherwise make every
 * device here pull hundreds of changes at each of its Updates).
 */
export const RESTORED_POSTS = 200;

/** One row when the account is suspended. Binds: account. */
export const IS_SUSPENDED = "SELECT 1 FROM accounts WHERE id = ? AND suspended_at IS NOT NULL";
/** Binds: account. */
export const SUSPENSION_OF = "SELECT suspended_by FROM accounts WHERE id = ? AND deleted_at IS NULL";
/** Binds: time, by, account. The time of a suspension already there is kept. */
export const SUSPEND = `UPDATE accounts SET suspended_at = coalesce(suspended_at, ?), suspended_by = ?
  WHERE id = ?`;
/** Binds: account. */
export const LIFT = "UPDATE accounts SET suspended_at = NULL, suspended_by = NULL WHERE id = ?";
/** Binds: account. */
export const END_SESSIONS = "DELETE FROM sessions WHERE account_id = ?";
/** Binds: account, limit: the ids of its latest posts, newest last (so they arrive in order). */
export const LATEST_POSTS = `SELECT id FROM (SELECT id, seq FROM posts
    WHERE author_id = ? AND deleted_at IS NULL ORDER BY seq DESC LIMIT ?) AS latest
  ORDER BY seq`;

/**
 * What suspending (`suspend` true) or lifting by `by` does to an account suspended by `current`
 * (null: not suspended): nothing (`unchanged`, and `not_suspended` when lifting what `by` did not
 * do); the suspension's owner only (an admin's over its server's); or the account's state.
 */
export function suspensionStep(
  current: SuspendedBy | null,
  by: SuspendedBy,
  suspend: boolean,
): "suspend" | "take_over" | "lift" | "unchanged" | "not_suspended" {
  if (suspend) {
    if (current === null) return "suspend";
    return current === "origin" && by === "admin" ? "take_over" : "unchanged";
  }
  return current === by ? "lift" : by === "admin" ? "not_suspended" : "unchanged";
}

/**
 * The change-log entries of a suspension (`active`) or its end. Devices drop what they hold of a
 * suspended account; the `account` change sends this server's own account to other servers as
 * its actor now is (marked suspended, or no more). Lifted, its latest posts come back to its
 * followers' devices (`postRestored`, `posts` as LATEST_POSTS reads them), after its profile.
 */
export function suspensionChanges(accountId: number, active: boolean, posts: string[]): ChangeEntry[] {
  const account: ChangeEntry = { kind: "account", accountId };
  const suspension: ChangeEntry = { kind: "suspension", accountId, targetAccountId: accountId, active };
  if (active) return [account, suspension];
  return [
    suspension,
    account,
    ...posts.map((postId): ChangeEntry => ({
      kind: "postRestored",
      accountId,
      postId,
      postAuthorId: accountId,
    })),
  ];
}
