import type { SessionResponse } from "../../shared/api.ts";
import type { ProfileRow } from "../../shared/db/schema.ts";
import type { OpenedArchive } from "./archive-import/archive.ts";
import { LIMITS } from "../../shared/input-rules.ts";
import type { ProfileUpdate } from "../../shared/sync.ts";
import { callApi } from "./api.ts";
import { uploadMedia } from "./media.ts";
import { storeAccount } from "./authors.ts";
import type { Session } from "./settings.ts";
import { keepSession, signIn, signOut } from "./store.ts";

/** Who a new account is at first: an imported Instagram profile, or a P92 archive's profile. */
export interface NewIdentity {
  displayName: string;
  bio: string;
  links: { title: string; url: string }[];
  instagram: { handle: string; verified: boolean } | null;
  /** The picture that becomes the avatar. */
  avatar: Blob | null;
}

/** The identity an Instagram import (extension or export) gives a new account. */
export function identityOfImport(profile: ProfileRow | null): NewIdentity {
  return {
    displayName: profile?.fullName ?? "",
    bio: profile?.bio ?? "",
    links: profile?.bioLinks ?? [],
    instagram: profile ? { handle: profile.handle, verified: profile.isVerified } : null,
    avatar: profile?.avatar ?? null,
  };
}

/** The identity a P92 archive gives a new account: the profile it had on its server. */
export function identityOfArchive(archive: Pick<OpenedArchive, "account" | "avatar">): NewIdentity {
  const { displayName, bio, links, instagram } = archive.account;
  return {
    displayName,
    bio,
    links,
    instagram: instagram ? { handle: instagram.handle, verified: instagram.verified } : null,
    avatar: archive.avatar,
  };
}

/** An account just created, not yet remembered on this device (createAccount does both). */
export interface CreatedAccount {
  serverUrl: string;
  answer: SessionResponse;
}

/** Creates the account on the chosen server with the identity given, its avatar included. */
export async function signUp(input: {
  serverUrl: string;
  handle: string;
  password: string;
  identity: NewIdentity;
}): Promise<CreatedAccount> {
  const { avatar, ...identity } = input.identity;
  const answer = await callApi<SessionResponse>(input.serverUrl, "/api/auth/sign-up", {
    body: {
      handle: input.handle,
      password: input.password,
      profile: { ...identity, links: identity.links.slice(0, LIMITS.profileLinks) },
    },
  });
  // The imported picture becomes the account's avatar; the account stands without it.
  const account = avatar
    ? await updateProfile(input.serverUrl, answer.token, { picture: avatar }).catch(() => null)
    : null;
  const created = { serverUrl: input.serverUrl, answer: account ? { ...answer, account } : answer };
  // Kept on the device at once: closing the page before the feed opens loses no account.
  await storeAccount(created.answer.account);
  await keepSession(sessionOf(created));
  return created;
}

/** Signs this device in to an account just created: the feed takes over from the way in. */
export async function rememberAccount(created: CreatedAccount): Promise<void> {
  await rememberSession(created.serverUrl, created.answer);
}

/** Creates the account on the chosen server with the identity given, then signs in. */
export async function createAccount(input: Parameters<typeof signUp>[0]): Promise<void> {
  await rememberAccount(await signUp(input));
}

/**
 * Changes the account's profile: a new picture is uploaded through the media route first (which
 * checks and strips it like any upload) and becomes the avatar. Answers the account as it now is,
 * also kept on the device.
 */
export async function updateProfile(
  serverUrl: string,
  token: string,
  change: ProfileUpdate & { picture?: Blob },
): Promise<SessionResponse["account"]> {
  const { picture, ...profile } = change;
  if (picture) {
    const uploaded = await uploadMedia(picture, { serverUrl, token, onProgress: () => undefined }).done;
    profile.avatarMediaId = uploaded.id;
  }
  const { account } = await callApi<{ account: SessionResponse["account"] }>(serverUrl, "/api/me", {
    method: "PATCH",
    token,
    body: profile,
  });
  await storeAccount(account);
  return account;
}

export async function signInToServer(input: {
  serverUrl: string;
  handle: string;
  password: string;
}): Promise<void> {
  const answer = await callApi<SessionResponse>(input.serverUrl, "/api/auth/sign-in", {
    body: { handle: input.handle, password: input.password },
  });
  await rememberSession(input.serverUrl, answer);
}

async function rememberSession(serverUrl: string, answer: SessionResponse): Promise<void> {
  await storeAccount(answer.account);
  await signIn(sessionOf({ serverUrl, answer }));
}

const sessionOf = ({ serverUrl, answer }: CreatedAccount): Session => ({
  serverUrl: normalizeServerUrl(serverUrl),
  token: answer.token,
  handle: answer.account.handle,
});

/** Ends every session of the account, on every device, this one included. */
export async function signOutEverywhere(session: Session): Promise<void> {
  await callApi(session.serverUrl, "/api/auth/sessions", { method: "DELETE", token: session.token });
  await signOut({ revoke: false });
}

/** Sets a new password; the server signs every other device out, this one stays signed in. */
export async function changePassword(session: Session, currentPassword: string, newPassword: string) {
  await callApi(session.serverUrl, "/api/auth/password", {
    token: session.token,
    body: { currentPassword, newPassword },
  });
}

// No [::1]: a Content-Security-Policy source cannot name an IPv6 address.
const LOOPBACK = new Set(["localhost", "127.0.0.1"]);

/**
 * "https://p92.example/" → "https://p92.example". Throws on anything but https, or plain http on
 * this computer: what the pages' Content-Security-Policy lets them talk to (and a password never
 * travels in the clear).
 */
export function normalizeServerUrl(value: string): string {
  const url = new URL(value.trim());
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  if (!secure) throw new Error("not an https URL (or http on this computer)");
  return url.origin;
}
