import type { RemoteProfile } from "../records.ts";

/**
 * What a remote actor's profile sets on its account, bound in this order by both statements
 * below (display name, bio, links, inbox, shared inbox, followers, profile URL, avatar URL, the
 * time it was refreshed).
 */
export function remoteProfileValues(profile: RemoteProfile, refreshedAt: string) {
  const { actor } = profile;
  return [
    profile.displayName,
    profile.bio,
    JSON.stringify(profile.links),
    actor.inbox,
    actor.sharedInbox,
    actor.followers,
    actor.url,
    actor.avatarUrl,
    refreshedAt,
  ] as const;
}

/** Binds: `remoteProfileValues`, the account id. */
export const UPDATE_REMOTE_PROFILE = `UPDATE accounts SET display_name = ?, bio = ?, links = ?, inbox_url = ?,
  shared_inbox_url = ?, followers_url = ?, profile_url = ?, avatar_url = ?, refreshed_at = ? WHERE id = ?`;

/** Binds: `remoteProfileValues`, the handle, the actor id, the creation time. Answers the new id. */
export const INSERT_REMOTE_ACCOUNT = `INSERT INTO accounts (display_name, bio, links, inbox_url, shared_inbox_url,
    followers_url, profile_url, avatar_url, refreshed_at, handle, actor_uri, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;

/**
 * One statement, so two readers never both get the turn: the second's UPDATE finds the row it
 * waited for already read after `after` (PostgreSQL re-checks the WHERE on the updated row).
 * Binds: the time now, the account id, `after`.
 */
export const CLAIM_OUTBOX_READ = `UPDATE accounts SET outbox_read_at = ?
  WHERE id = ? AND actor_uri IS NOT NULL AND deleted_at IS NULL
    AND (outbox_read_at IS NULL OR outbox_read_at <= ?)`;
