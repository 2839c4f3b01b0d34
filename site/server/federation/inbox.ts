import {
  Accept,
  Activity,
  Announce,
  Delete,
  Follow,
  Like,
  Note,
  Undo,
  Update,
  isActor,
  type Actor,
} from "@fedify/fedify/vocab";
import { createHash } from "node:crypto";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { readHandle } from "../../../shared/schema/common.ts";
import type { Operation } from "../../../shared/sync.ts";
import { perform } from "../operations.ts";
import type { AccountRecord } from "../storage/records.ts";
import { isBlockedHost } from "./blocked-domains.ts";
import type { P92Federation, P92InboxContext } from "./context.ts";
import { FEDERATION_PATHS } from "./paths.ts";
import { checkInboxes, recipientOf, remoteProfileOf, UnusableActor } from "./remote-actors.ts";

/**
 * What other servers send to the inboxes, each handled by the listener named for it. Fedify has
 * checked the signature and that the signer is the activity's actor, and runs these from the
 * durable queue (a crash means a retry; Fedify and the Store's op ids make a retry harmless). Each
 * effect is an operation of the sender's account, through `perform` like a REST call or a sync op,
 * with the activity's id as the op id: a replayed activity changes nothing.
 */
export function registerInbox(federation: P92Federation): void {
  federation
    .setInboxListeners(FEDERATION_PATHS.inbox, FEDERATION_PATHS.sharedInbox)
    .on(Follow, onFollow)
    .on(Undo, onUndo)
    .on(Like, (ctx, like) => onInteraction(ctx, like, "like"))
    .on(Announce, (ctx, announce) => onInteraction(ctx, announce, "repost"))
    .on(Update, onUpdate)
    .on(Delete, onDelete)
    .onError((_ctx, error) => console.error("p92: an incoming activity failed:", error));
}

/** Follow: the sender follows a local account, which accepts at once (P92 accounts are public). */
async function onFollow(ctx: P92InboxContext, follow: Follow): Promise<void> {
  const handle = localHandle(ctx, follow.objectId);
  if (!handle || !follow.id) return;
  const sender = await senderOf(ctx, follow);
  if (!sender?.remote) return;
  if (!(await apply(ctx, sender, { type: "follow", handle }, follow.id))) return;
  const accepter = ctx.getActorUri(handle);
  await ctx.sendActivity(
    { identifier: handle },
    recipientOf(sender.remote),
    new Accept({ id: new URL(`#accepts/${crypto.randomUUID()}`, accepter), actor: accepter, object: follow }),
  );
}

/** Like or Announce of a local post: a like or a repost by the sender. */
async function onInteraction(ctx: P92InboxContext, activity: Like | Announce, kind: "like" | "repost") {
  const postId = localPostId(ctx, activity.objectId);
  if (!postId || !activity.id) return;
  const sender = await senderOf(ctx, activity);
  if (sender) await apply(ctx, sender, { type: kind, postId }, activity.id);
}

/** Undo of the sender's own Follow, Like or Announce. */
async function onUndo(ctx: P92InboxContext, undo: Undo): Promise<void> {
  const object = await undo.getObject({ ...loaders(ctx), suppressError: true });
  // Only the sender's own activity can be undone.
  const own = object instanceof Activity && object.actorId?.href === undo.actorId?.href;
  if (!undo.id || !own) return;
  const sender = await senderOf(ctx, undo);
  if (!sender) return;
  let op: Operation | null = null;
  if (object instanceof Follow) {
    const handle = localHandle(ctx, object.objectId);
    if (handle) op = { type: "unfollow", handle };
  } else if (object instanceof Like || object instanceof Announce) {
    const postId = localPostId(ctx, object.objectId);
    if (postId) op = { type: object instanceof Like ? "unlike" : "unrepost", postId };
  }
  if (op) await apply(ctx, sender, op, undo.id);
}

/** Update of the sender's own actor: its profile here is refreshed. */
async function onUpdate(ctx: P92InboxContext, update: Update): Promise<void> {
  if (isBlocked(ctx, update.actorId)) return;
  const object = await update.getObject({ ...loaders(ctx), suppressError: true });
  if (isActor(object) && object.id?.href === update.actorId?.href) await saveActor(ctx, object);
}

/** Delete of the sender's own actor: its follows, likes and reposts here are undone. */
async function onDelete(ctx: P92InboxContext, deletion: Delete): Promise<void> {
  const actorId = deletion.actorId;
  if (!actorId || isBlocked(ctx, actorId)) return;
  if (deletion.objectId?.href === actorId.href) await ctx.data.store.deleteRemoteAccount(actorId.href);
}

/**
 * The sender's account here: known by its actor id, or fetched from its server and created.
 * Null when its server is blocked or its actor is unusable.
 */
async function senderOf(ctx: P92InboxContext, activity: Activity): Promise<AccountRecord | null> {
  const actorId = activity.actorId;
  if (!actorId || isBlocked(ctx, actorId)) return null;
  const known = await ctx.data.store.accountByActorUri(actorId.href);
  if (known) return known;
  const actor = await activity.getActor(loaders(ctx));
  return actor?.id?.href === actorId.href ? saveActor(ctx, actor) : null;
}

/** Creates or refreshes the account of a remote actor; null (logged) when it is refused. */
async function saveActor(ctx: P92InboxContext, actor: Actor): Promise<AccountRecord | null> {
  const { config, store } = ctx.data;
  try {
    const profile = await remoteProfileOf(actor);
    await checkInboxes(profile, {
      blockedDomains: config.blockedDomains,
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
 * Performs an operation of a remote account. A refusal (a post that is gone, say) drops the
 * activity; a rate limit throws, so the queue tries again later.
 */
async function apply(ctx: P92InboxContext, sender: AccountRecord, op: Operation, activityId: URL) {
  const host = new URL(sender.remote!.actorUri).host;
  try {
    await perform({ runtime: ctx.data, ip: `server:${host}` }, sender.id, op, {
      opId: opIdOf(activityId),
      retried: false,
    });
    return true;
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status === 429) throw error;
    console.warn(`p92: ${activityId.href} from ${sender.handle} is refused: ${error.message}`);
    return false;
  }
}

function isBlocked(ctx: P92InboxContext, actorId: URL | null): boolean {
  return actorId !== null && isBlockedHost(actorId.hostname, ctx.data.config.blockedDomains);
}

/**
 * The op id an activity is remembered by (at most once per account and id): a digest, since
 * another server's ids can be as long as its body.
 */
function opIdOf(activityId: URL): string {
  return `ap:${createHash("sha256").update(activityId.href).digest("base64url")}`;
}

/** The handle of a local account a URL names (`/api/accounts/:handle`), or null. */
function localHandle(ctx: P92InboxContext, url: URL | null): string | null {
  const parsed = ctx.parseUri(url);
  if (parsed?.type !== "actor") return null;
  return readHandle(parsed.identifier) === parsed.identifier ? parsed.identifier : null;
}

/** The id of a local post a URL names (`/api/posts/:id`), or null. */
function localPostId(ctx: P92InboxContext, url: URL | null): string | null {
  const parsed = ctx.parseUri(url);
  return parsed?.type === "object" && parsed.class === Note ? (parsed.values.id ?? null) : null;
}

function loaders(ctx: P92InboxContext) {
  return { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader };
}
