import * as v from "valibot";
import type { PasswordChange, SignInRequest, SignUpRequest } from "../../../shared/api.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { Call } from "../http/endpoint.ts";
import { take } from "../http/rate-limit.ts";
import { spendWrite } from "../http/write-limits.ts";
import type { AccountRecord } from "../storage/records.ts";
import { HANDLE_RESERVED_DAYS } from "../storage/rows/deletions.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./passwords.ts";
import { bearerToken, hashToken, newToken } from "./sessions.ts";

export interface Session {
  token: string;
  account: AccountRecord;
}

export async function onSignUp(call: Call, request: SignUpRequest): Promise<Session> {
  const { store, limiter } = call.runtime;
  await take(limiter, "signUpPerIp", call.ip);
  const { hash, salt } = await hashPassword(request.password);
  const account = await store.createAccount({
    handle: request.handle,
    passwordHash: hash,
    passwordSalt: salt,
    displayName: request.profile.displayName,
    bio: request.profile.bio,
    links: request.profile.links,
    instagram: request.profile.instagram,
  });
  if (account === "handle_taken") {
    throw new ApiFailure(409, "handle_taken", `The handle @${request.handle} is already taken`, "handle");
  }
  return { token: (await startSession(call, account.id)).token, account };
}

export async function onSignIn(call: Call, request: SignInRequest): Promise<Session> {
  const { store, limiter } = call.runtime;
  await take(limiter, "signInPerIp", call.ip);
  const credentials = await store.findCredentials(request.handle);
  const ok = await checkPassword(call, request.handle, request.password, credentials);
  if (!ok || !credentials) {
    // One answer for both cases, so sign-in does not reveal which handles exist.
    throw new ApiFailure(401, "invalid_credentials", "Wrong handle or password");
  }
  const refused = new ApiFailure(403, "suspended", "This account is suspended by this server's admins");
  if ((await store.accountById(credentials.accountId))!.suspended) throw refused;
  const { token, hash } = await startSession(call, credentials.accountId);
  // Read again once the session exists: a suspension made meanwhile ended every session but this one.
  const account = (await store.accountById(credentials.accountId))!;
  if (account.suspended) {
    await store.deleteSession(hash);
    throw refused;
  }
  return { token, account };
}

/**
 * POST /api/auth/password: the current password proves it is the owner; the new one replaces it
 * and every other session is signed out (the one asking stays signed in).
 */
export async function onChangePassword(
  call: Call,
  accountId: number,
  request: PasswordChange,
): Promise<void> {
  await provenOwner(call, accountId, request.currentPassword, "currentPassword");
  const { hash, salt } = await hashPassword(request.newPassword);
  await call.runtime.store.changePassword(accountId, hash, salt, hashToken(bearerToken(call.request)!));
}

/** POST /api/me/delete's body: the password proves it is the owner who asks. */
export const AccountDeletion = v.object({ password: v.pipe(v.string(), v.maxLength(200)) });
export type AccountDeletion = v.InferOutput<typeof AccountDeletion>;

/**
 * POST /api/me/delete: the password proves it is the owner; the account is then deleted at once
 * as seen from outside, and what it had is purged after (storage/rows/deletions.ts). Its handle
 * stays reserved for HANDLE_RESERVED_DAYS.
 */
export async function onDeleteAccount(
  call: Call,
  accountId: number,
  request: AccountDeletion,
): Promise<{ handle: string; reservedUntil: string }> {
  const { store } = call.runtime;
  const account = await provenOwner(call, accountId, request.password, "password");
  // Its sessions end with it; the SQLite store's cache of sessions forgets them here, before and
  // after (a request in between that still passed is refused by the Store: `account_deleted`).
  await store.deleteSessions(accountId, null);
  if ((await store.deleteAccount(accountId)) === "not_found")
    throw new ApiFailure(404, "not_found", "No such account");
  await store.deleteSessions(accountId, null);
  const reservedUntil = new Date(Date.now() + HANDLE_RESERVED_DAYS * 24 * 3600_000).toISOString();
  return { handle: account.handle, reservedUntil };
}

/**
 * The signed-in account, once `password` proved the request comes from its owner (an action of the
 * rate limits spent; 403 `wrong_password` naming `field` otherwise).
 */
async function provenOwner(
  call: Call,
  accountId: number,
  password: string,
  field: string,
): Promise<AccountRecord> {
  const { store } = call.runtime;
  await spendWrite(call, accountId, "action");
  const account = (await store.accountById(accountId))!;
  const credentials = await store.findCredentials(account.handle);
  if (!(await checkPassword(call, account.handle, password, credentials))) {
    throw new ApiFailure(403, "wrong_password", "The password is not right", field);
  }
  return account;
}

/** Checks a password under the sign-in guard (sign-in-guard.ts): only failures count. */
function checkPassword(
  call: Call,
  handle: string,
  password: string,
  credentials: { hash: Buffer; salt: Buffer } | null,
): Promise<boolean> {
  return call.runtime.signIns.attempt(handle, call.ip, () =>
    credentials
      ? verifyPassword(password, credentials.hash, credentials.salt)
      : verifyAgainstNothing(password),
  );
}

async function startSession(call: Call, accountId: number): Promise<{ token: string; hash: Buffer }> {
  const session = newToken();
  await call.runtime.store.createSession(accountId, session.hash);
  return session;
}
