import type { ProfileUpdate } from "../../../../shared/sync.ts";
import type { AccountRecord, Credentials, NewAccountRecord } from "../records.ts";
import {
  ACCOUNT_BY_HANDLE,
  ACCOUNT_BY_ID,
  ACCOUNT_ID_BY_HANDLE,
  AVATAR_OF,
  accountRecords,
  avatarIds,
  CREDENTIALS,
  credentials,
  FOLLOWING_HANDLES,
  HANDLE_HELD,
  HANDLE_OF,
  type AccountRow,
} from "../rows/accounts.ts";
import type { OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import { attachMedia, detachMedia, mediaById, mediaByIds } from "./media.ts";
import { indexAccount } from "./search.ts";
import { now } from "../rows/clock.ts";
import type { Statements } from "./statements.ts";

export function toRecord(s: Statements, row: AccountRow): AccountRecord {
  return toRecords(s, [row])[0]!;
}

/** Accounts from their rows, with all their avatars read in one query. */
export function toRecords(s: Statements, rows: AccountRow[]): AccountRecord[] {
  return accountRecords(rows, mediaByIds(s, avatarIds(rows)));
}

export function accountById(s: Statements, id: number): AccountRecord | null {
  const row = s.get<AccountRow>(ACCOUNT_BY_ID, id);
  return row ? toRecord(s, row) : null;
}

export function accountByHandle(s: Statements, handle: string): AccountRecord | null {
  const row = s.get<AccountRow>(ACCOUNT_BY_HANDLE, handle.toLowerCase());
  return row ? toRecord(s, row) : null;
}

export function accountIdByHandle(s: Statements, handle: string): number | null {
  return s.get<{ id: number }>(ACCOUNT_ID_BY_HANDLE, handle.toLowerCase())?.id ?? null;
}

export function handleOf(s: Statements, id: number): string {
  return s.get<{ handle: string }>(HANDLE_OF, id)?.handle ?? "";
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
  if (s.get(HANDLE_HELD, handle)) return "handle_taken";
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
    CREDENTIALS,
    handle.toLowerCase(),
  );
  return row ? credentials(row) : null;
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
  const before = s.get<{ avatar_media_id: string | null }>(AVATAR_OF, accountId);
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
  return s.all<{ handle: string }>(FOLLOWING_HANDLES, accountId, limit).map((row) => row.handle);
}
