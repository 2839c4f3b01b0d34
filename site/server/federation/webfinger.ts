import { lookupWebFinger } from "@fedify/webfinger";
import { readHandle } from "../../../shared/schema/common.ts";
import { tryTake } from "../http/rate-limit.ts";
import type { AccountRecord } from "../storage/records.ts";
import { SERVER_VERSION } from "../version.ts";
import type { P92Context } from "./context.ts";
import { DOCUMENT_LIMITS } from "./document-loader.ts";
import { accountOfActor, isBlocked } from "./inbox-senders.ts";
import { duration } from "./temporal.ts";

/**
 * People elsewhere by their `user@host`: known here, or found through WebFinger on host (always
 * https) and their actor fetched. A name that resolves to an actor under another handle (a split
 * domain) is remembered as an alias of it.
 */

/** How long a mention that could not be resolved is not tried again. */
export const MENTION_MISS_TTL_MS = 60 * 60 * 1000;
/** How long all the unknown mentions of one post may take to resolve, together. */
export const MENTION_DEADLINE_MS = 5_000;
/** How long a name another host gave an actor is remembered. */
const ALIAS_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const missKey = (handle: string) => ["p92", "webfinger", "miss", handle] as const;
const aliasKey = (handle: string) => ["p92", "webfinger", "alias", handle] as const;

/** The host of `user@host` as a URL reads it (`Host:443` is `host`), or null if it is no host. */
export function hostOf(handle: string): string | null {
  return URL.parse(`https://${handle.slice(handle.indexOf("@") + 1)}`)?.host ?? null;
}

/** `name` when `handle` is `name@` this server's host, else null. */
export function ownHandle(handle: string, publicUrl: string): string | null {
  const at = handle.indexOf("@");
  if (at < 0) return null;
  const own = new URL(publicUrl);
  const host = URL.parse(`${own.protocol}//${handle.slice(at + 1)}`)?.host;
  return host === own.host ? readHandle(handle.slice(0, at)) : null;
}

/**
 * The account a handle names without asking anyone: known by it, `name@this.host` for the local
 * `name`, or an alias a lookup learned. Null otherwise.
 */
export async function knownAccount(ctx: P92Context, handle: string): Promise<AccountRecord | null> {
  const { store } = ctx.data;
  const known = await store.accountByHandle(handle);
  if (known) return known;
  const local = ownHandle(handle, ctx.data.config.publicUrl);
  if (local) return store.accountByHandle(local);
  if (!handle.includes("@")) return null;
  const alias = await ctx.data.federationStorage.kv.get<string>(aliasKey(handle));
  return alias ? store.accountByActorUri(alias) : null;
}

/**
 * The account of `user@host` (see knownAccount), or found through WebFinger on host and fetched.
 * A host may name an actor on another host (Mastodon's split domains); that actor's own host must
 * then name it back under its own handle, or a server could pass off anyone as its own user.
 * `beforeFetch` runs before the first request elsewhere (it may throw to refuse). Null when not
 * found, blocked, or unreachable within `signal`.
 */
export async function accountOfHandle(
  ctx: P92Context,
  handle: string,
  options: { beforeFetch?: () => Promise<void>; signal?: AbortSignal } = {},
): Promise<AccountRecord | null> {
  const known = await knownAccount(ctx, handle);
  if (known) return known;
  await options.beforeFetch?.();
  const actorId = await webFingerActor(ctx, handle, options.signal);
  if (!actorId || (await isBlocked(ctx, actorId))) return null;
  const account = await accountOfActor(ctx, actorId, options.signal);
  if (!account || account.handle === handle) return account;
  // Found under another handle: that handle's own server must point at the same actor.
  const own = await webFingerActor(ctx, account.handle, options.signal);
  if (own?.href !== actorId.href) return null;
  const ttl = duration({ milliseconds: ALIAS_TTL_MS });
  await ctx.data.federationStorage.kv.set(aliasKey(handle), actorId.href, { ttl });
  return account;
}

/**
 * How the mentions of one post by `authorId` find their accounts (for noteLinks): known here, or
 * looked up through WebFinger, all of the post's within 5 s together. Each lookup spends one of the
 * author's mention lookups (P92_LIMIT_MENTION_LOOKUPS_PER_ACCOUNT): past the limit, and for a
 * mention that resolves to no one (not tried again for an hour), the mention stays text. Never
 * throws: a mention cannot keep a post from being delivered.
 */
export function mentionResolver(
  ctx: P92Context,
  authorId: number,
): (handle: string) => Promise<AccountRecord | null> {
  const { kv } = ctx.data.federationStorage;
  const signal = AbortSignal.timeout(MENTION_DEADLINE_MS);
  return async (handle) => {
    try {
      const known = await knownAccount(ctx, handle);
      if (known || !handle.includes("@") || hostOf(handle) === null) return known;
      if (await kv.get(missKey(handle))) return null;
      if ((await tryTake(ctx.data.limiter, "mentionLookupsPerAccount", String(authorId))) > 0) return null;
      const account = await accountOfHandle(ctx, handle, { signal });
      if (!account) {
        await kv.set(missKey(handle), true, { ttl: duration({ milliseconds: MENTION_MISS_TTL_MS }) });
      }
      return account;
    } catch (error) {
      console.warn(`p92: the mention @${handle} could not be resolved: ${(error as Error).message}`);
      return null;
    }
  };
}

/** The actor id WebFinger gives for `user@host` (its `self` link as ActivityStreams), or null. */
async function webFingerActor(ctx: P92Context, handle: string, signal?: AbortSignal): Promise<URL | null> {
  const host = hostOf(handle);
  if (host === null || (await isBlocked(ctx, new URL(`https://${host}`)))) return null;
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
