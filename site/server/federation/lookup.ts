import { ApiFailure } from "../../../shared/api-failure.ts";
import { Note, isActor } from "@fedify/fedify/vocab";
import { readHandle, readRemoteHandle } from "../../../shared/schema/common.ts";
import { decodePathPart } from "../../../shared/site-paths.ts";
import type { Call } from "../http/endpoint.ts";
import { spendWrite } from "../http/write-limits.ts";
import type { AccountRecord } from "../storage/records.ts";
import { contextOf, type P92Context } from "./context.ts";
import { FetchBudget, storeFetchedNote } from "./inbox-posts.ts";
import { fetchObject, isBlocked, saveActor } from "./inbox-senders.ts";
import { documentPathOf } from "./paths.ts";
import { accountOfHandle, hostOf, knownAccount, ownHandle } from "./webfinger.ts";

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
/** How long a lookup (or a follow that looks someone up) may spend asking other servers. */
export const LOOKUP_DEADLINE_MS = 15_000;

/** What a lookup may do: what runs before it first asks elsewhere (may throw), and its deadline. */
export interface LookupOptions {
  beforeFetch?: () => Promise<void>;
  signal?: AbortSignal;
}

/** A lookup by an account: its first request elsewhere spends an action, and it has 15 s. */
const byAccount = (call: Pick<Call, "runtime" | "ip">, accountId: number): LookupOptions => ({
  beforeFetch: () => spendWrite(call, accountId, "action"),
  signal: AbortSignal.timeout(LOOKUP_DEADLINE_MS),
});

/**
 * What a query names: a handle of this server (`alice`, `@alice`, `@alice@this.host`), someone
 * elsewhere (`@user@host`, `user@host`, `acct:user@host`, lower-cased), or an http(s) URL. Null
 * otherwise.
 */
export function readQuery(raw: string, publicUrl: string): Query | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_QUERY) return null;
  if (/^https?:\/\//i.test(text)) {
    const url = URL.parse(text);
    return url ? { kind: "url", url } : null;
  }
  const name = text.replace(/^acct:/i, "").replace(/^@/, "");
  const local = readHandle(name) ?? ownHandle(name, publicUrl);
  if (local) return { kind: "local", handle: local };
  const remote = readRemoteHandle(name);
  return remote && hostOf(remote) ? { kind: "remote", handle: remote } : null;
}

/**
 * What `raw` names, for an account's lookup (GET /api/lookup): 422 when it names nothing that can
 * be looked up, 404 when nothing is found (or not within 15 s). A lookup that asks another server
 * spends one of the account's actions (it costs requests elsewhere): 429 past the limit.
 */
export async function find(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  raw: string,
): Promise<Found> {
  const query = readQuery(raw, call.runtime.config.publicUrl);
  if (!query) {
    throw new ApiFailure(422, "invalid", "q must be @user@host, a handle here, or an http(s) URL", "q");
  }
  const found = await lookup(contextOf(call.runtime), query, byAccount(call, accountId));
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
 * The handle a follow or unfollow (/api/accounts/:handle/follow) is for: `name@this.host` is the
 * local `name`, a name another host gave an actor is that actor's handle, and (to follow) someone
 * elsewhere not yet known here is looked up through WebFinger first, spending an action as a
 * lookup does. Anything else is left as it is, for the follow to refuse.
 */
export async function handleToFollow(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  handle: string,
  options: { fetch: boolean },
): Promise<string> {
  const query = readQuery(handle, call.runtime.config.publicUrl);
  if (query?.kind === "local") return query.handle;
  if (query?.kind !== "remote") return handle;
  const ctx = contextOf(call.runtime);
  const account = options.fetch
    ? await accountOfHandle(ctx, query.handle, byAccount(call, accountId))
    : await knownAccount(ctx, query.handle);
  return account?.handle ?? query.handle;
}

/**
 * The account or post a query names, found here or fetched from its server; null when there is
 * none, it is suspended, its server is blocked, or it cannot be reached or read in time (logged).
 */
export async function lookup(
  ctx: P92Context,
  query: Query,
  options: LookupOptions = {},
): Promise<Found | null> {
  const found =
    query.kind === "url"
      ? await lookupUrl(ctx, query.url, options)
      : await (
          query.kind === "local"
            ? ctx.data.store.accountByHandle(query.handle)
            : accountOfHandle(ctx, query.handle, options)
        ).then((account) => (account ? { account } : null));
  return found && "account" in found && found.account.suspended ? null : found;
}

/**
 * What a URL names: one of this server's profiles or posts, a post or account known here by its
 * id, or whatever its server answers (an actor, or a note with its author, stored here).
 */
async function lookupUrl(ctx: P92Context, url: URL, options: LookupOptions): Promise<Found | null> {
  const { store } = ctx.data;
  const own = new URL(ctx.data.config.publicUrl).origin;
  if (url.origin === own) return localUrl(ctx, url);
  if (await isBlocked(ctx, url)) return null;
  const knownPost = await store.postIdByObjectUri(url.href);
  if (knownPost) return { postId: knownPost };
  const knownAccount = await store.accountByActorUri(url.href);
  if (knownAccount) return { account: knownAccount };
  await options.beforeFetch?.();
  const object = await fetchObject(ctx, url, options.signal);
  const id = object?.id;
  // Redirected to a blocked server: nothing of it is taken.
  if (!id || (await isBlocked(ctx, id))) return null;
  // A server that answers with this server's own document (by a redirect): it is found here.
  if (id.origin === own) return localUrl(ctx, id);
  if (isActor(object)) {
    const account = (await store.accountByActorUri(id.href)) ?? (await saveActor(ctx, object));
    return account ? { account } : null;
  }
  const postId = await storeFetchedNote(ctx, object, new FetchBudget(options.signal));
  return postId ? { postId } : null;
}

/**
 * A profile or a post of this server, by its page (`/@alice`, `/@bob@host` for someone elsewhere
 * known here, `/post/?id=`) or its document's id (`/api/accounts/alice`, `/api/posts/:id`).
 */
async function localUrl(ctx: P92Context, url: URL): Promise<Found | null> {
  const page = documentPathOf(decodePathPart(url.pathname) ?? "", url.searchParams);
  const parsed = ctx.parseUri(page ? new URL(page, url) : url);
  if (parsed?.type === "object" && parsed.class === Note && parsed.values.id) {
    return { postId: parsed.values.id };
  }
  const account = parsed?.type === "actor" ? await knownAccount(ctx, parsed.identifier.toLowerCase()) : null;
  return account ? { account } : null;
}
