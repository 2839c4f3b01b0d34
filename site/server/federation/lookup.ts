import { lookupWebFinger } from "@fedify/webfinger";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { Note, isActor } from "@fedify/fedify/vocab";
import { readHandle, readRemoteHandle } from "../../../shared/schema/common.ts";
import type { Call } from "../http/endpoint.ts";
import { spendWrite } from "../http/write-limits.ts";
import type { AccountRecord } from "../storage/records.ts";
import { SERVER_VERSION } from "../version.ts";
import { contextOf, type P92Context } from "./context.ts";
import { DOCUMENT_LIMITS } from "./document-loader.ts";
import { FetchBudget, storeFetchedNote } from "./inbox-posts.ts";
import { duration } from "./temporal.ts";
import { accountOfActor, fetchObject, isBlocked, mentionedHandle, saveActor } from "./inbox-senders.ts";

/**
 * Finding people and posts by what someone types or pastes: `@user@host` (through WebFinger on
 * host), a profile or post URL of any server (fetched), or one of this server's own names. What is
 * found elsewhere is stored here, so it can be followed, liked or answered right away.
 */

/** What a lookup found: an account, or a post (by its id here). */
export type Found = { account: AccountRecord } | { postId: string };

/** What a query names, before anything is fetched. */
export type Query =
  { kind: "local"; handle: string } | { kind: "remote"; handle: string } | { kind: "url"; url: URL };

/** The longest query read: a URL of the longest length an id may have. */
export const MAX_QUERY = 2048;

/**
 * What a query names: a handle of this server (`alice`, `@alice`, `@alice@this.host`), someone
 * elsewhere (`@user@host`, `user@host`, `acct:user@host`), or an http(s) URL. Null otherwise.
 */
export function readQuery(raw: string, ownHost: string): Query | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_QUERY) return null;
  if (/^https?:\/\//i.test(text)) {
    const url = URL.parse(text);
    return url ? { kind: "url", url } : null;
  }
  const name = text.replace(/^acct:/i, "").replace(/^@/, "");
  const local = readHandle(name);
  if (local) return { kind: "local", handle: local };
  const remote = readRemoteHandle(name);
  if (!remote) return null;
  const at = remote.indexOf("@");
  if (remote.slice(at + 1) === ownHost.toLowerCase()) {
    const handle = readHandle(remote.slice(0, at));
    return handle ? { kind: "local", handle } : null;
  }
  return { kind: "remote", handle: remote };
}

/**
 * What `raw` names, for an account's lookup (GET /api/lookup): 422 when it names nothing that can
 * be looked up, 404 when nothing is found. A lookup that may reach another server spends one of
 * the account's actions (it costs requests elsewhere).
 */
export async function find(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  raw: string,
): Promise<Found> {
  const query = readQuery(raw, new URL(call.runtime.config.publicUrl).host);
  if (!query) {
    throw new ApiFailure(422, "invalid", "q must be @user@host, a handle here, or an http(s) URL", "q");
  }
  if (query.kind !== "local") spendWrite(call, accountId, "action");
  const found = await lookup(contextOf(call.runtime), query);
  if (found) return found;
  throw new ApiFailure(
    404,
    "not_found",
    query.kind === "local"
      ? `@${query.handle} not found`
      : "Nothing was found there: it does not exist, its server did not answer, or it is blocked here",
  );
}

/**
 * The handle a follow (POST /api/accounts/:handle/follow) is for: someone elsewhere not yet known
 * here is looked up through WebFinger first (spending an action, as a lookup does), and may turn
 * out to be known by their actor's own host; `name@this.host` is the local `name`. Anything else
 * is left as it is, for the follow to refuse.
 */
export async function handleToFollow(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  handle: string,
): Promise<string> {
  const { runtime } = call;
  const query = readQuery(handle, new URL(runtime.config.publicUrl).host);
  if (query?.kind === "local") return query.handle;
  if (query?.kind !== "remote" || (await runtime.store.accountByHandle(query.handle))) return handle;
  spendWrite(call, accountId, "action");
  return (await accountOfHandle(contextOf(runtime), query.handle))?.handle ?? handle;
}

/**
 * The account or post a query names, found here or fetched from its server; null when there is
 * none, its server is blocked, or it cannot be reached or read (logged).
 */
export async function lookup(ctx: P92Context, query: Query): Promise<Found | null> {
  const { store } = ctx.data;
  switch (query.kind) {
    case "local": {
      const account = await store.accountByHandle(query.handle);
      return account && !account.remote ? { account } : null;
    }
    case "remote": {
      const account = await accountOfHandle(ctx, query.handle);
      return account ? { account } : null;
    }
    case "url":
      return lookupUrl(ctx, query.url);
  }
}

/**
 * The account of `user@host`: known here by that handle, or found through WebFinger on host and
 * fetched. A host may name an actor on another host (Mastodon's split domains); that actor's own
 * host must then name it back under its own handle, or a server could pass off anyone as its
 * own user. Null when not found, blocked, or unreachable.
 */
export async function accountOfHandle(
  ctx: P92Context,
  handle: string,
  signal?: AbortSignal,
): Promise<AccountRecord | null> {
  const known = await ctx.data.store.accountByHandle(handle);
  if (known) return known;
  const actorId = await webFingerActor(ctx, handle, signal);
  if (!actorId || isBlocked(ctx, actorId)) return null;
  const account = await accountOfActor(ctx, actorId);
  if (!account || account.handle === handle) return account;
  // Found under another handle: that handle's own server must point at the same actor.
  const own = await webFingerActor(ctx, account.handle, signal);
  return own?.href === actorId.href ? account : null;
}

/** How long a mention that WebFinger could not resolve is not tried again. */
export const MENTION_MISS_TTL_MS = 60 * 60 * 1000;

const missKey = (handle: string) => ["p92", "webfinger", "miss", handle] as const;

/**
 * The people elsewhere a text mentions who are not known here yet, looked up through WebFinger
 * (all at once), by the handle the text names; `name@this.host` is the local account. A mention
 * that cannot be resolved stays text, and is not tried again for an hour.
 */
export async function resolveMentions(
  ctx: P92Context,
  handles: readonly string[],
): Promise<Map<string, AccountRecord>> {
  const { store } = ctx.data;
  const { kv } = ctx.data.federationStorage;
  const ownHost = new URL(ctx.data.config.publicUrl).host;
  const resolved = new Map<string, AccountRecord>();
  await Promise.all(
    handles.map(async (handle) => {
      const query = readQuery(handle, ownHost);
      if (query?.kind === "local" && query.handle !== handle) {
        const account = await store.accountByHandle(query.handle);
        if (account) resolved.set(handle, account);
      }
      if (query?.kind !== "remote" || (await store.accountByHandle(handle))) return;
      if (await kv.get(missKey(handle))) return;
      const account = await accountOfHandle(ctx, handle);
      if (account) resolved.set(handle, account);
      else await kv.set(missKey(handle), true, { ttl: duration({ milliseconds: MENTION_MISS_TTL_MS }) });
    }),
  );
  return resolved;
}

/** The actor id WebFinger gives for `user@host` (its `self` link as ActivityStreams), or null. */
async function webFingerActor(ctx: P92Context, handle: string, signal?: AbortSignal): Promise<URL | null> {
  const host = handle.slice(handle.indexOf("@") + 1);
  if (isBlocked(ctx, new URL(`https://${host}`))) return null;
  const deadline = AbortSignal.timeout(DOCUMENT_LIMITS.timeoutMs);
  try {
    const descriptor = await lookupWebFinger(`acct:${handle}`, {
      allowPrivateAddress: ctx.data.config.federationAllowPrivate,
      userAgent: `P92/${SERVER_VERSION} (+${ctx.data.config.publicUrl})`,
      maxRedirection: DOCUMENT_LIMITS.maxRedirects,
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
    });
    const self = descriptor?.links?.find(
      (link) =>
        link.rel === "self" &&
        typeof link.href === "string" &&
        /^application\/(activity\+json|ld\+json)/.test(link.type ?? ""),
    );
    const url = self?.href ? URL.parse(self.href) : null;
    return url && (url.protocol === "https:" || url.protocol === "http:") ? url : null;
  } catch (error) {
    console.warn(`p92: WebFinger of ${handle} failed: ${(error as Error).message}`);
    return null;
  }
}

/**
 * What a URL names: one of this server's profiles or posts, a post or account known here by its
 * id, or whatever its server answers (an actor, or a note with its author, stored here).
 */
async function lookupUrl(ctx: P92Context, url: URL): Promise<Found | null> {
  const { store } = ctx.data;
  const own = new URL(ctx.data.config.publicUrl).origin;
  if (url.origin === own) return localUrl(ctx, url);
  if (isBlocked(ctx, url)) return null;
  const knownPost = await store.postIdByObjectUri(url.href);
  if (knownPost) return { postId: knownPost };
  const knownAccount = await store.accountByActorUri(url.href);
  if (knownAccount) return { account: knownAccount };
  const object = await fetchObject(ctx, url);
  const id = object?.id;
  if (!id) return null;
  // A server that answers with this server's own document (by a redirect): it is found here.
  if (id.origin === own) return localUrl(ctx, id);
  if (isActor(object)) {
    const account = (await store.accountByActorUri(id.href)) ?? (await saveActor(ctx, object));
    return account ? { account } : null;
  }
  const postId = await storeFetchedNote(ctx, object, new FetchBudget());
  return postId ? { postId } : null;
}

/** A profile (`/@alice`, `/api/accounts/alice`) or a post (`/post/?id=`, `/api/posts/:id`) here. */
async function localUrl(ctx: P92Context, url: URL): Promise<Found | null> {
  const { store } = ctx.data;
  const handle = mentionedHandle(ctx, url.href);
  if (handle) {
    const account = await store.accountByHandle(handle);
    return account ? { account } : null;
  }
  const parsed = ctx.parseUri(url);
  const postId =
    parsed?.type === "object" && parsed.class === Note
      ? parsed.values.id
      : url.pathname === "/post/"
        ? url.searchParams.get("id")
        : null;
  return postId ? { postId } : null;
}
