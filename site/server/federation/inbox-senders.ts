import { Note, Object as APObject, isActor, type Activity, type Actor } from "@fedify/fedify/vocab";
import { createHash } from "node:crypto";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { readHandle } from "../../../shared/schema/common.ts";
import { decodePathPart, profilePath } from "../../../shared/site-paths.ts";
import { perform } from "../operations.ts";
import type { AccountRecord } from "../storage/records.ts";
import type { Performed, RemoteOperation } from "../storage/store.ts";
import type { Operation } from "../../../shared/sync.ts";
import type { P92Context } from "./context.ts";
import { checkInboxes, remoteProfileOf, UnusableActor } from "./remote-actors.ts";

/**
 * What the inbox listeners share: who sent an activity (their account here), how an activity
 * becomes an operation of theirs, and which local account or post a URL names.
 */

/** The account of an activity's actor (see accountOfActor). */
export function senderOf(ctx: P92Context, activity: Activity): Promise<AccountRecord | null> {
  return activity.actorId ? accountOfActor(ctx, activity.actorId) : Promise.resolve(null);
}

/**
 * The account here of an actor named by its id (a sender, an object's author): known, or fetched
 * from its server and created. One known without its followers collection (stored since
 * migration 7) is fetched again to learn it. Null when its server is blocked or is this server,
 * or its actor cannot be fetched or is unusable.
 */
export async function accountOfActor(
  ctx: P92Context,
  actorId: URL,
  signal?: AbortSignal,
): Promise<AccountRecord | null> {
  if ((await isBlocked(ctx, actorId)) || actorId.origin === new URL(ctx.data.config.publicUrl).origin)
    return null;
  const known = await ctx.data.store.accountByActorUri(actorId.href);
  if (known?.remote?.followers) return known;
  const actor = await fetchObject(ctx, actorId, signal);
  const saved = isActor(actor) && actor.id?.href === actorId.href ? await saveActor(ctx, actor) : null;
  return saved ?? known;
}

/**
 * An object fetched from its server, or null (logged) when it cannot be fetched or read, or when
 * its id is on another origin than where it came from (it cannot speak for another server).
 */
export async function fetchObject(ctx: P92Context, url: URL, signal?: AbortSignal): Promise<APObject | null> {
  try {
    const { document, documentUrl } = await ctx.documentLoader(url.href, { signal });
    const object = await APObject.fromJsonLd(document, loaders(ctx));
    return object.id?.origin === new URL(documentUrl).origin ? object : null;
  } catch (error) {
    console.warn(`p92: ${url.href} could not be fetched: ${(error as Error).message}`);
    return null;
  }
}

/** Creates or refreshes the account of a remote actor; null (logged) when it is refused. */
export async function saveActor(ctx: P92Context, actor: Actor): Promise<AccountRecord | null> {
  const { config, store } = ctx.data;
  try {
    const profile = await remoteProfileOf(actor);
    await checkInboxes(profile, {
      blocked: ctx.data.blocked,
      allowPrivate: config.federationAllowPrivate,
    });
    const saved = await store.saveRemoteAccount(profile);
    if (typeof saved !== "string") return saved;
    console.warn(`p92: the actor ${profile.actor.actorUri} is refused: ${saved.replace("_", " ")}`);
  } catch (error) {
    // Refused for good: a retry of the activity would be refused the same way.
    if (!(error instanceof UnusableActor)) throw error;
    console.warn(`p92: ${error.message}`);
  }
  return null;
}

/**
 * Performs an operation of a remote account, at most once per activity (or object) id. A refusal
 * (a post that is gone, say) drops the activity: null, logged; a rate limit throws, so the queue
 * tries again later. A suspended account may only take things back (TAKING_BACK).
 */
export async function apply(
  ctx: P92Context,
  sender: AccountRecord,
  op: Operation | RemoteOperation,
  activityId: URL,
): Promise<Performed | null> {
  const host = new URL(sender.remote!.actorUri).host;
  if (sender.suspended && !TAKING_BACK.has(op.type)) {
    console.warn(`p92: ${activityId.href} from ${sender.handle} is dropped: the account is suspended`);
    return null;
  }
  try {
    return await perform({ runtime: ctx.data, ip: `server:${host}` }, sender.id, op, {
      opId: opIdOf(activityId),
      retried: false,
    });
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status === 429) throw error;
    console.warn(`p92: ${activityId.href} from ${sender.handle} is refused: ${error.message}`);
    return null;
  }
}

/**
 * What a suspended account's server may still do for it: delete its posts, take back its follows,
 * likes and reposts, refuse a follow request, block. Nothing new of it is taken.
 */
const TAKING_BACK = new Set<string>([
  "deleteRemotePost",
  "unfollow",
  "unlike",
  "unrepost",
  "unblock",
  "block",
  "rejectFollow",
]);

export async function isBlocked(ctx: P92Context, url: URL | null): Promise<boolean> {
  return url !== null && (await ctx.data.blocked(url.hostname));
}

/**
 * The op id an activity is remembered by (at most once per account and id): a digest, since
 * another server's ids can be as long as its body.
 */
function opIdOf(activityId: URL): string {
  return `ap:${createHash("sha256").update(activityId.href).digest("base64url")}`;
}

/** The handle of a local account an actor id (`/api/accounts/:handle`) names, or null. */
export function localHandle(ctx: P92Context, url: URL | null): string | null {
  const parsed = ctx.parseUri(url);
  if (parsed?.type !== "actor") return null;
  return readHandle(parsed.identifier) === parsed.identifier ? parsed.identifier : null;
}

/** The local handle an actor id or a profile page (`/@handle`) of this server names, or null. */
export function mentionedHandle(ctx: P92Context, url: string): string | null {
  const parsed = URL.parse(url);
  if (!parsed) return null;
  const handle = localHandle(ctx, parsed);
  if (handle) return handle;
  if (parsed.origin !== new URL(ctx.data.config.publicUrl).origin) return null;
  const named = readHandle(decodePathPart(parsed.pathname.replace(/^\/@/, "")));
  return named && parsed.pathname === profilePath(named) ? named : null;
}

/** The id of a local post a URL names (`/api/posts/:id`), or null. */
export function localPostId(ctx: P92Context, url: URL | null): string | null {
  const parsed = ctx.parseUri(url);
  return parsed?.type === "object" && parsed.class === Note ? (parsed.values.id ?? null) : null;
}

export function loaders(ctx: P92Context) {
  return { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader };
}
