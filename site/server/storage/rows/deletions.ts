import type { ChangeEntry } from "./changes-log.ts";

/**
 * Deleting one's own account, the same on both databases. It happens in two parts:
 *
 * 1. At once, in one transaction (`deleteAccount`): the account is marked deleted (`deleted_at`,
 *    its password gone, so nobody signs in), its sessions end, it leaves the search index, every
 *    device hears it is gone (the `suspension` change, which makes them drop what they hold of
 *    it), delivery hears to send `Delete(Person)` (`accountDeleted`), and a purge is queued
 *    (`account_purges`). From that commit on nothing of it is shown anywhere (`notHidden` in
 *    relations.ts); before it, all of it is there: a crash leaves the whole account or none of it.
 * 2. Then, a batch per transaction (`purgeStep`, run by the server's purge worker, which a restart
 *    resumes where the last commit left it): its posts, its likes and reposts, its follows both
 *    ways (once delivery has sent the `Delete(Person)` to its followers' servers, which it reads
 *    them from), then its relations, notifications, Instagram lists and proofs, media and profile.
 *
 * Its handle stays taken for HANDLE_RESERVED_DAYS (nobody can pose as it while other servers and
 * people still know it), then is freed (`FREE_HANDLES`): the row keeps its id under `~<id>`.
 */

export const HANDLE_RESERVED_DAYS = 30;
/**
 * Posts (or likes, follows...) removed per transaction: the database stays free for others. On
 * PostgreSQL a batch holds the change-log lock, and every statement is a round trip (about 1 ms a
 * post): 500 made others' posts wait up to 0.8 s (npm run bench -- account-deletion).
 */
export const PURGE_BATCH = 500;
export const PURGE_BATCH_POSTGRES = 50;

export type PurgeStage = "posts" | "likes" | "reposts" | "follows" | "rest";
export const PURGE_STAGES: readonly PurgeStage[] = ["posts", "likes", "reposts", "follows", "rest"];

export interface PurgeRow {
  account_id: number;
  /** The `accountDeleted` change: its followers are removed once delivery has read past it. */
  change_seq: number;
  stage: PurgeStage;
}

/** What one step of a purge did (null from `purgeStep`: no purge is waiting). */
export interface PurgeProgress {
  accountId: number;
  stage: PurgeStage;
  /** Rows removed by this step. */
  removed: number;
  /** The follows wait for delivery to send the Delete(Person). */
  waiting: boolean;
  /** The whole purge is over: nothing of the account is left but its row. */
  done: boolean;
}

/** One row when the account is deleted: it may do nothing any more. Binds: account. */
export const IS_DELETED = "SELECT 1 FROM accounts WHERE id = ? AND deleted_at IS NOT NULL";
/** A live account of this server, by id. Binds: account. */
export const LIVE_LOCAL_ACCOUNT =
  "SELECT id FROM accounts WHERE id = ? AND actor_uri IS NULL AND deleted_at IS NULL";
/**
 * Its password goes (a local account keeps a value: empty, which no password hashes to; sign-in
 * does not look at deleted accounts anyway). Binds: time, empty bytes, empty bytes, account.
 */
export const MARK_DELETED = `UPDATE accounts SET deleted_at = ?, password_hash = ?, password_salt = ?
  WHERE id = ?`;
export const NO_PASSWORD = Buffer.alloc(0);
/** Binds: account, account. Logged after the change it names. */
export const START_PURGE = `INSERT INTO account_purges (account_id, change_seq, stage)
  SELECT ?, max(seq), 'posts' FROM changes WHERE account_id = ? AND kind = 'accountDeleted'`;
export const NEXT_PURGE =
  "SELECT account_id, change_seq, stage FROM account_purges ORDER BY account_id LIMIT 1";
/** Binds: stage, account. */
export const SET_STAGE = "UPDATE account_purges SET stage = ? WHERE account_id = ?";
/** Binds: account. */
export const END_PURGE = "DELETE FROM account_purges WHERE account_id = ?";

/** The changes of a deletion: every device drops the account; delivery sends Delete(Person). */
export function deletionChanges(accountId: number): ChangeEntry[] {
  return [
    { kind: "suspension", accountId, targetAccountId: accountId, active: true },
    { kind: "accountDeleted", accountId },
  ];
}

/** A batch of the account's live posts. Binds: account, limit. */
export const LIVE_POSTS_OF = `SELECT id, seq, reply_to, media FROM posts
  WHERE author_id = ? AND deleted_at IS NULL ORDER BY seq LIMIT ?`;

/**
 * A batch of likes (or reposts) taken back: the posts' counts first (the posts returned, so their
 * authors' devices hear the counts), then the rows, the same batch by key order. Binds: account,
 * limit (each statement).
 */
export function interactionSteps(kind: "likes" | "reposts"): string[] {
  const counter = kind === "likes" ? "like_count" : "repost_count";
  const batch = `SELECT post_id FROM ${kind} WHERE account_id = ? ORDER BY post_id LIMIT ?`;
  return [
    `UPDATE posts SET ${counter} = ${counter} - 1 WHERE id IN (${batch}) RETURNING id, author_id`,
    `DELETE FROM ${kind} WHERE account_id = ? AND post_id IN (${batch})`,
  ];
}

/** The author of a post (to tell their devices its counts). Binds: post. */
export const AUTHOR_OF = "SELECT author_id FROM posts WHERE id = ?";

/** A post's counts changed: its author's devices (and those holding it) hear of it. */
export const countsChanged = (accountId: number, postId: string, authorId: number): ChangeEntry => ({
  kind: "counts",
  accountId,
  postId,
  postAuthorId: authorId,
});

/**
 * A batch of the account's follows, then of its followers: the counts at the other end first, then
 * the rows (their ids returned: each follower's devices hear the follow is over). Binds: the
 * UPDATEs account, limit; the DELETEs account, account, limit.
 */
export const UNCOUNT_FOLLOWED = `UPDATE accounts SET follower_count = follower_count - 1 WHERE id IN
  (SELECT followee_id FROM follows WHERE follower_id = ? ORDER BY followee_id LIMIT ?)`;
export const DROP_FOLLOWED = `DELETE FROM follows WHERE follower_id = ? AND followee_id IN
  (SELECT followee_id FROM follows WHERE follower_id = ? ORDER BY followee_id LIMIT ?) RETURNING followee_id`;
export const UNCOUNT_FOLLOWERS = `UPDATE accounts SET following_count = following_count - 1 WHERE id IN
  (SELECT follower_id FROM follows WHERE followee_id = ? ORDER BY follower_id LIMIT ?)`;
export const DROP_FOLLOWERS = `DELETE FROM follows WHERE followee_id = ? AND follower_id IN
  (SELECT follower_id FROM follows WHERE followee_id = ? ORDER BY follower_id LIMIT ?) RETURNING follower_id`;

/** A follow is over (either side's devices hear of it; one of someone elsewhere is undone there). */
export const followEnded = (followerId: number, followeeId: number): ChangeEntry => ({
  kind: "follow",
  accountId: followerId,
  targetAccountId: followeeId,
  active: false,
});

/** Someone's block or mute of the deleted account is over: their devices hear of it. */
export const relationEnded = (accountId: number, kind: "block" | "mute", targetId: number): ChangeEntry => ({
  kind,
  accountId,
  targetAccountId: targetId,
  active: false,
});

/** Others' blocks and mutes of the account. Binds: account. */
export const DROP_RELATIONS_TO = "DELETE FROM relations WHERE target_id = ? RETURNING account_id, kind";

/** The rest, in one transaction: each binds the account once (the notifications twice). */
export const REST_STEPS = [
  "DELETE FROM follow_requests WHERE follower_id = ?",
  "DELETE FROM relations WHERE account_id = ?",
  "DELETE FROM notifications WHERE account_id = ? OR actor_id = ?",
  "DELETE FROM instagram_lists WHERE account_id = ?",
  "DELETE FROM instagram_proofs WHERE account_id = ?",
  "DELETE FROM instagram_links WHERE account_id = ?",
  "DELETE FROM applied_ops WHERE account_id = ?",
  `UPDATE accounts SET display_name = '', bio = '', links = '[]', avatar_media_id = NULL,
     instagram_handle = NULL, instagram_verified = 0, instagram_proven = 0, follower_count = 0,
     following_count = 0, post_count = 0, remote_follower_count = 0 WHERE id = ?`,
];
/**
 * Its uploads left (the avatar, files never attached), to remove with their files, but those an
 * open report holds (rows/reports.ts: they go when it is resolved). Binds: account.
 */
export const DELETE_MEDIA = `DELETE FROM media WHERE owner_id = ? AND id NOT IN (SELECT media_id FROM report_media)
  RETURNING file, preview_file`;
/**
 * Those spared are used by the reports that hold them and nothing else now (the avatar was let
 * go without counting): the last report resolved frees them. Binds: account.
 */
export const RECOUNT_HELD_MEDIA = `UPDATE media SET refs = (SELECT count(*) FROM report_media r WHERE r.media_id = media.id)
  WHERE owner_id = ?`;

/** How many times each REST_STEPS statement binds the account. */
export const restBinds = (sql: string) => (sql.includes(" OR ") ? 2 : 1);

/**
 * Frees the handles of accounts deleted before the time bound, once purged: `~<id>` is no handle
 * anyone can choose. Their keys go too. Binds: time.
 */
export const HANDLES_TO_FREE = `SELECT id FROM accounts
  WHERE actor_uri IS NULL AND deleted_at IS NOT NULL AND deleted_at < ? AND handle NOT LIKE '~%'
    AND id NOT IN (SELECT account_id FROM account_purges)`;
/** Binds: account. */
export const FREE_HANDLE = "UPDATE accounts SET handle = '~' || id WHERE id = ?";
export const DROP_KEYS = "DELETE FROM actor_keys WHERE account_id = ?";

/**
 * An account of this server by handle, deleted ones too while their handle is reserved: their
 * keys still sign the Delete(Person), their address answers Gone. Binds: the handle in lower case.
 */
export const LOCAL_ACCOUNT_BY_HANDLE = `SELECT id, deleted_at AS "deletedAt" FROM accounts
  WHERE handle = ? AND actor_uri IS NULL`;

export interface LocalAccountState {
  id: number;
  deletedAt: string | null;
}
