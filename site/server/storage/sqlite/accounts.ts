import type { ProfileUpdate } from "../../../../shared/sync.ts";
import type { AccountRecord, Credentials, MediaRecord, NewAccountRecord } from "../records.ts";
import type { OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import { attachMedia, detachMedia, mediaById, mediaByIds } from "./media.ts";
import { indexAccount } from "./search.ts";
import { now, type Statements } from "./statements.ts";

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
}

export const COLUMNS = `id, handle, display_name, bio, links, avatar_media_id, instagram_handle, instagram_verified,
  instagram_proven, follower_count, following_count, post_count, created_at, actor_uri, inbox_url,
  shared_inbox_url, profile_url, avatar_url, followers_url, reported_posts, reported_followers,
  reported_following, outbox_read_at`;

export function toRecord(s: Statements, row: AccountRow): AccountRecord {
  return toRecords(s, [row])[0]!;
}

/** Accounts from their rows, with all their avatars read in one query. */
export function toRecords(s: Statements, rows: AccountRow[]): AccountRecord[] {
  const avatars = mediaByIds(
    s,
    rows.flatMap((row) => (row.avatar_media_id ? [row.avatar_media_id] : [])),
  );
  return rows.map((row) =>
    account(row, row.avatar_media_id ? (avatars.get(row.avatar_media_id) ?? null) : null),
  );
}

function account(row: AccountRow, avatar: MediaRecord | null): AccountRecord {
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

export function accountById(s: Statements, id: number): AccountRecord | null {
  const row = s.get<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`, id);
  return row ? toRecord(s, row) : null;
}

export function accountByHandle(s: Statements, handle: string): AccountRecord | null {
  const row = s.get<AccountRow>(
    `SELECT ${COLUMNS} FROM accounts WHERE handle = ? AND deleted_at IS NULL`,
    handle.toLowerCase(),
  );
  return row ? toRecord(s, row) : null;
}

export function accountIdByHandle(s: Statements, handle: string): number | null {
  return (
    s.get<{ id: number }>(
      "SELECT id FROM accounts WHERE handle = ? AND deleted_at IS NULL",
      handle.toLowerCase(),
    )?.id ?? null
  );
}

export function handleOf(s: Statements, id: number): string {
  return s.get<{ handle: string }>("SELECT handle FROM accounts WHERE id = ?", id)?.handle ?? "";
}

/** The handles of many accounts in one query, keyed by id. */
export function handlesByIds(s: Statements, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = s.all<{ id: number; handle: string }>(
    "SELECT id, handle FROM accounts WHERE id IN (SELECT value FROM json_each(?))",
    JSON.stringify(ids),
  );
  return new Map(rows.map((row) => [row.id, row.handle]));
}

export function createAccount(s: Statements, input: NewAccountRecord): AccountRecord | "handle_taken" {
  const handle = input.handle.toLowerCase();
  if (accountIdByHandle(s, handle) !== null) return "handle_taken";
  const { lastInsertRowid } = s.run(
    `INSERT INTO accounts (handle, password_hash, password_salt, display_name, bio, links, instagram_handle,
       instagram_verified, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    handle,
    input.passwordHash,
    input.passwordSalt,
    input.displayName,
    input.bio,
    JSON.stringify(input.links),
    input.instagram?.handle ?? null,
    input.instagram?.verified ? 1 : 0,
    now(),
  );
  indexAccount(s, lastInsertRowid, handle, input.displayName);
  logChange(s, { kind: "account", accountId: lastInsertRowid });
  return accountById(s, lastInsertRowid)!;
}

export function findCredentials(s: Statements, handle: string): Credentials | null {
  // Someone on another server has no password here: they cannot sign in.
  const row = s.get<{ id: number; password_hash: Uint8Array; password_salt: Uint8Array }>(
    "SELECT id, password_hash, password_salt FROM accounts WHERE handle = ? AND password_hash IS NOT NULL",
    handle.toLowerCase(),
  );
  return row
    ? { accountId: row.id, hash: Buffer.from(row.password_hash), salt: Buffer.from(row.password_salt) }
    : null;
}

/** Changes what is given; a new avatar is attached, the one it replaces released (`freed`). */
export function updateProfile(
  s: Statements,
  accountId: number,
  update: ProfileUpdate,
  freed: string[],
): OpOutcome {
  if (update.avatarMediaId) {
    const media = mediaById(s, update.avatarMediaId);
    if (!media || media.ownerId !== accountId || media.kind !== "image") {
      return { status: "not_found", field: "avatarMediaId", id: update.avatarMediaId };
    }
  }
  const before = s.get<{ avatar_media_id: string | null }>(
    "SELECT avatar_media_id FROM accounts WHERE id = ?",
    accountId,
  );
  s.run(
    `UPDATE accounts SET
       display_name = coalesce(?, display_name),
       bio = coalesce(?, bio),
       links = coalesce(?, links),
       avatar_media_id = CASE WHEN ? THEN ? ELSE avatar_media_id END
     WHERE id = ?`,
    update.displayName ?? null,
    update.bio ?? null,
    update.links ? JSON.stringify(update.links) : null,
    update.avatarMediaId !== undefined ? 1 : 0,
    update.avatarMediaId ?? null,
    accountId,
  );
  if (update.displayName !== undefined)
    indexAccount(s, accountId, handleOf(s, accountId), update.displayName);
  const previous = before?.avatar_media_id ?? null;
  if (update.avatarMediaId !== undefined && update.avatarMediaId !== previous) {
    if (update.avatarMediaId) attachMedia(s, [update.avatarMediaId]);
    if (previous) detachMedia(s, [previous], freed);
  }
  logChange(s, { kind: "account", accountId });
  return { status: "done" };
}

export function followingHandles(s: Statements, accountId: number, limit: number): string[] {
  return s
    .all<{ handle: string }>(
      `SELECT a.handle FROM follows f JOIN accounts a ON a.id = f.followee_id
       WHERE f.follower_id = ? ORDER BY f.created_at DESC LIMIT ?`,
      accountId,
      limit,
    )
    .map((row) => row.handle);
}
