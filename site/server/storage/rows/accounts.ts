import type { AccountRecord, Credentials, MediaRecord } from "../records.ts";

export interface AccountRow {
  id: number;
  handle: string;
  display_name: string;
  bio: string;
  links: string;
  avatar_media_id: string | null;
  instagram_handle: string | null;
  instagram_verified: number;
  instagram_proven: number;
  follower_count: number;
  following_count: number;
  post_count: number;
  created_at: string;
  actor_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  profile_url: string | null;
  avatar_url: string | null;
  followers_url: string | null;
  reported_posts: number | null;
  reported_followers: number | null;
  reported_following: number | null;
  outbox_read_at: string | null;
  suspended_at: string | null;
  deleted_at: string | null;
}

export const COLUMNS = `id, handle, display_name, bio, links, avatar_media_id, instagram_handle, instagram_verified,
  instagram_proven, follower_count, following_count, post_count, created_at, actor_uri, inbox_url,
  shared_inbox_url, profile_url, avatar_url, followers_url, reported_posts, reported_followers,
  reported_following, outbox_read_at, suspended_at, deleted_at`;

/** An account by id (deleted ones too). Binds: id. */
export const ACCOUNT_BY_ID = `SELECT ${COLUMNS} FROM accounts WHERE id = ?`;
/** A live account by handle. Binds: the handle in lower case. */
export const ACCOUNT_BY_HANDLE = `SELECT ${COLUMNS} FROM accounts WHERE handle = ? AND deleted_at IS NULL`;
/** A live account's id by handle. Binds: the handle in lower case. */
export const ACCOUNT_ID_BY_HANDLE = "SELECT id FROM accounts WHERE handle = ? AND deleted_at IS NULL";
export const HANDLE_OF = "SELECT handle FROM accounts WHERE id = ?";
/** Whether a handle is held, deleted accounts' included (reserved until freed). Binds: the handle. */
export const HANDLE_HELD = "SELECT 1 FROM accounts WHERE handle = ?";
/**
 * Someone on another server has no password here: they cannot sign in, nor can an account deleted
 * here. Binds: the handle in lower case.
 */
export const CREDENTIALS = `SELECT id, password_hash, password_salt FROM accounts
  WHERE handle = ? AND password_hash IS NOT NULL AND deleted_at IS NULL`;
export const AVATAR_OF = "SELECT avatar_media_id FROM accounts WHERE id = ?";
/** The handles an account follows, the latest followed first. Binds: the follower, the limit. */
export const FOLLOWING_HANDLES = `SELECT a.handle FROM follows f JOIN accounts a ON a.id = f.followee_id
  WHERE f.follower_id = ? AND a.deleted_at IS NULL ORDER BY f.created_at DESC LIMIT ?`;

/** The avatars (media ids) the rows refer to, to read in one query. */
export function avatarIds(rows: AccountRow[]): string[] {
  return rows.flatMap((row) => (row.avatar_media_id ? [row.avatar_media_id] : []));
}

/** Accounts from their rows and the avatars read for them (`avatarIds`). */
export function accountRecords(rows: AccountRow[], avatars: Map<string, MediaRecord>): AccountRecord[] {
  return rows.map((row) =>
    accountRecord(row, row.avatar_media_id ? (avatars.get(row.avatar_media_id) ?? null) : null),
  );
}

export function accountRecord(row: AccountRow, avatar: MediaRecord | null): AccountRecord {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    links: JSON.parse(row.links) as AccountRecord["links"],
    avatar,
    instagram: row.instagram_handle
      ? {
          handle: row.instagram_handle,
          proven: row.instagram_proven === 1,
          // The badge comes only from the server's own read of Instagram, never from the claim.
          verified: row.instagram_proven === 1 && row.instagram_verified === 1,
        }
      : null,
    followerCount: row.follower_count,
    followingCount: row.following_count,
    postCount: row.post_count,
    createdAt: row.created_at,
    suspended: row.suspended_at !== null,
    deleted: row.deleted_at !== null,
    remote: row.actor_uri
      ? {
          actorUri: row.actor_uri,
          inbox: row.inbox_url!,
          sharedInbox: row.shared_inbox_url,
          followers: row.followers_url,
          url: row.profile_url ?? row.actor_uri,
          avatarUrl: row.avatar_url,
          reported: {
            posts: row.reported_posts,
            followers: row.reported_followers,
            following: row.reported_following,
          },
          outboxReadAt: row.outbox_read_at,
        }
      : null,
  };
}

/** Credentials from the row read by `CREDENTIALS` (bytes as Buffers on either database). */
export function credentials(row: {
  id: number;
  password_hash: Uint8Array;
  password_salt: Uint8Array;
}): Credentials {
  return { accountId: row.id, hash: Buffer.from(row.password_hash), salt: Buffer.from(row.password_salt) };
}
