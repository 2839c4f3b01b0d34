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
import { now } from "../rows/clock.ts";
import type { OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";
import { attachMedia, detachMedia, mediaById, mediaByIds } from "./media.ts";
import { indexAccount } from "./search.ts";

/** Accounts, as on SQLite (see sqlite/accounts.ts). */

export async function toRecord(q: Queries, row: AccountRow): Promise<AccountRecord> {
  return (await toRecords(q, [row]))[0]!;
}

/** Accounts from their rows, with all their avatars read in one query. */
export async function toRecords(q: Queries, rows: AccountRow[]): Promise<AccountRecord[]> {
  return accountRecords(rows, await mediaByIds(q, avatarIds(rows)));
}

export async function accountById(q: Queries, id: number): Promise<AccountRecord | null> {
  const row = await q.get<AccountRow>(ACCOUNT_BY_ID, id);
  return row ? toRecord(q, row) : null;
}

export async function accountByHandle(q: Queries, handle: string): Promise<AccountRecord | null> {
  const row = await q.get<AccountRow>(ACCOUNT_BY_HANDLE, handle.toLowerCase());
  return row ? toRecord(q, row) : null;
}

export async function accountIdByHandle(q: Queries, handle: string): Promise<number | null> {
  return (await q.get<{ id: number }>(ACCOUNT_ID_BY_HANDLE, handle.toLowerCase()))?.id ?? null;
}

export async function handleOf(q: Queries, id: number): Promise<string> {
  return (await q.get<{ handle: string }>(HANDLE_OF, id))?.handle ?? "";
}

/** The handles of many accounts in one query, keyed by id (the ids bound as an array). */
export async function handlesByIds(q: Queries, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.all<{ id: number; handle: string }>(
    "SELECT id, handle FROM accounts WHERE id = ANY(?::int[])",
    ids,
  );
  return new Map(rows.map((row) => [row.id, row.handle]));
}

/**
 * As on SQLite. The check of the handle cannot race another creation: every logged write holds
 * the change log's lock from its start (postgres/transactions.ts), and each statement of a READ
 * COMMITTED transaction sees what committed before it. The unique index stays the last guard.
 */
export async function createAccount(
  q: Queries,
  input: NewAccountRecord,
): Promise<AccountRecord | "handle_taken"> {
  const handle = input.handle.toLowerCase();
  if (await q.get(HANDLE_HELD, handle)) return "handle_taken";
  const { id } = (await q.get<{ id: number }>(
    `INSERT INTO accounts (handle, password_hash, password_salt, display_name, bio, links, instagram_handle,
       instagram_verified, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    handle,
    input.passwordHash,
    input.passwordSalt,
    input.displayName,
    input.bio,
    JSON.stringify(input.links),
    input.instagram?.handle ?? null,
    input.instagram?.verified ? 1 : 0,
    now(),
  ))!;
  await indexAccount(q, id, handle, input.displayName);
  await logChange(q, { kind: "account", accountId: id });
  return (await accountById(q, id))!;
}

export async function findCredentials(q: Queries, handle: string): Promise<Credentials | null> {
  // Someone on another server has no password here: they cannot sign in.
  const row = await q.get<{ id: number; password_hash: Uint8Array; password_salt: Uint8Array }>(
    CREDENTIALS,
    handle.toLowerCase(),
  );
  return row ? credentials(row) : null;
}

/**
 * As on SQLite: changes what is given; a new avatar is attached, the one it replaces released
 * (`freed`). The text parameters are cast (PostgreSQL cannot infer a type for `coalesce(?, …)`
 * from a null), and whether the avatar is given is a boolean.
 */
export async function updateProfile(
  q: Queries,
  accountId: number,
  update: ProfileUpdate,
  freed: string[],
): Promise<OpOutcome> {
  if (update.avatarMediaId) {
    const media = await mediaById(q, update.avatarMediaId);
    if (!media || media.ownerId !== accountId || media.kind !== "image") {
      return { status: "not_found", field: "avatarMediaId", id: update.avatarMediaId };
    }
  }
  const before = await q.get<{ avatar_media_id: string | null }>(AVATAR_OF, accountId);
  await q.run(
    `UPDATE accounts SET
       display_name = coalesce(?::text, display_name),
       bio = coalesce(?::text, bio),
       links = coalesce(?::text, links),
       avatar_media_id = CASE WHEN ?::boolean THEN ?::text ELSE avatar_media_id END
     WHERE id = ?`,
    update.displayName ?? null,
    update.bio ?? null,
    update.links ? JSON.stringify(update.links) : null,
    update.avatarMediaId !== undefined,
    update.avatarMediaId ?? null,
    accountId,
  );
  if (update.displayName !== undefined)
    await indexAccount(q, accountId, await handleOf(q, accountId), update.displayName);
  const previous = before?.avatar_media_id ?? null;
  if (update.avatarMediaId !== undefined && update.avatarMediaId !== previous) {
    if (update.avatarMediaId) await attachMedia(q, [update.avatarMediaId]);
    if (previous) await detachMedia(q, [previous], freed);
  }
  await logChange(q, { kind: "account", accountId });
  return { status: "done" };
}

export async function followingHandles(q: Queries, accountId: number, limit: number): Promise<string[]> {
  return (await q.all<{ handle: string }>(FOLLOWING_HANDLES, accountId, limit)).map((row) => row.handle);
}
