import {
  Accept,
  Activity,
  Announce,
  Block,
  Create,
  Delete,
  Follow,
  Like,
  Reject,
  Undo,
  Update,
  isActor,
} from "@fedify/fedify/vocab";
import type { Operation } from "../../../shared/sync.ts";
import type { P92Federation, P92InboxContext } from "./context.ts";
import { FetchBudget, editNote, postIdOf, receiveNote } from "./inbox-posts.ts";
import { apply, isBlocked, loaders, localHandle, saveActor, senderOf } from "./inbox-senders.ts";
import { sentKey } from "./outgoing.ts";
import { FEDERATION_PATHS } from "./paths.ts";
import { recipientOf } from "./remote-actors.ts";
import { isRemoteNoteObject } from "./remote-notes.ts";

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
    .on(Accept, (ctx, accept) => onAnswer(ctx, accept, "acceptFollow"))
    .on(Reject, (ctx, reject) => onAnswer(ctx, reject, "rejectFollow"))
    .on(Block, onBlock)
    .on(Undo, onUndo)
    .on(Create, onCreate)
    .on(Like, (ctx, like) => onInteraction(ctx, like, "like"))
    .on(Announce, (ctx, announce) => onInteraction(ctx, announce, "repost"))
    .on(Update, onUpdate)
    .on(Delete, onDelete)
    .onError((_ctx, error) => console.error("p92: an incoming activity failed:", error));
}

/**
 * Follow: the sender follows a local account, which accepts at once (P92 accounts are public),
 * unless one of them blocked the other or the local account is suspended: then it is rejected.
 */
async function onFollow(ctx: P92InboxContext, follow: Follow): Promise<void> {
  const handle = localHandle(ctx, follow.objectId);
  if (!handle || !follow.id) return;
  const sender = await senderOf(ctx, follow);
  if (!sender?.remote) return;
  const followed = await apply(ctx, sender, { type: "follow", handle }, follow.id);
  if (!followed && !(await blockedBetween(ctx, handle, sender.id))) return;
  const answerer = ctx.getActorUri(handle);
  const values = {
    id: new URL(`#answers/${crypto.randomUUID()}`, answerer),
    actor: answerer,
    object: follow,
  };
  await ctx.sendActivity(
    { identifier: handle },
    recipientOf(sender.remote),
    followed ? new Accept(values) : new Reject(values),
  );
}

/**
 * Whether the local account `handle` and `other` are in a block, either way, or the local account
 * is suspended: it takes no follower then.
 */
async function blockedBetween(ctx: P92InboxContext, handle: string, other: number): Promise<boolean> {
  const local = await ctx.data.store.accountByHandle(handle);
  if (!local) return false;
  if (local.suspended) return true;
  const between = await ctx.data.store.relationsBetween(local.id, other);
  return between.blocking || between.blockedBy;
}

/** Block: the sender blocked a local account (it no longer sees them, and the follows end). */
async function onBlock(ctx: P92InboxContext, block: Block): Promise<void> {
  const handle = localHandle(ctx, block.objectId);
  if (!handle || !block.id) return;
  const sender = await senderOf(ctx, block);
  if (sender?.remote) await apply(ctx, sender, { type: "block", handle }, block.id);
}

/**
 * Accept or Reject of a local account's Follow by the account it asked to follow: the request
 * becomes a follow, or is dropped (a Reject of an accepted follow ends it). Matched by the Follow's
 * id, which must be the one this server sent to that very account.
 */
async function onAnswer(
  ctx: P92InboxContext,
  answer: Accept | Reject,
  type: "acceptFollow" | "rejectFollow",
) {
  const followId = answer.objectId;
  if (!answer.id || !followId) return;
  const handle = localHandle(ctx, new URL(followId.origin + followId.pathname));
  if (!handle) return;
  const sender = await senderOf(ctx, answer);
  const follower = await ctx.data.store.accountByHandle(handle);
  if (!sender?.remote || !follower || follower.remote) return;
  const sent = await ctx.data.federationStorage.kv.get<string>(sentKey("follow", follower.id, sender.id));
  if (sent !== followId.href) return;
  await apply(ctx, sender, { type, followerId: follower.id }, answer.id);
  // A refused Follow is forgotten: there is nothing to Undo there when the follow ends here.
  if (type === "rejectFollow")
    await ctx.data.federationStorage.kv.delete(sentKey("follow", follower.id, sender.id));
}

/** Create of a note (an article, a poll) attributed to the sender: a post of theirs. */
async function onCreate(ctx: P92InboxContext, create: Create): Promise<void> {
  if (!create.id || (await isBlocked(ctx, create.actorId))) return;
  const object = await create.getObject({ ...loaders(ctx), suppressError: true });
  if (!isRemoteNoteObject(object)) return;
  const sender = await senderOf(ctx, create);
  if (sender) await receiveNote(ctx, sender, object, { activityId: create.id, budget: new FetchBudget() });
}

/**
 * Like or Announce of a post: a like or a repost by the sender. A post of another server is
 * fetched for an Announce by someone followed here (their repost is what their followers see).
 */
async function onInteraction(ctx: P92InboxContext, activity: Like | Announce, kind: "like" | "repost") {
  if (!activity.id || !activity.objectId) return;
  const sender = await senderOf(ctx, activity);
  if (!sender) return;
  const fetching = kind === "repost" && sender.followerCount > 0 ? new FetchBudget() : null;
  const postId = await postIdOf(ctx, activity.objectId.href, fetching);
  if (postId) await apply(ctx, sender, { type: kind, postId }, activity.id);
}

/** Undo of the sender's own Follow, Block, Like or Announce. */
async function onUndo(ctx: P92InboxContext, undo: Undo): Promise<void> {
  const object = await undo.getObject({ ...loaders(ctx), suppressError: true });
  // Only the sender's own activity can be undone.
  const own = object instanceof Activity && object.actorId?.href === undo.actorId?.href;
  if (!undo.id || !own) return;
  const sender = await senderOf(ctx, undo);
  if (!sender) return;
  let op: Operation | null = null;
  if (object instanceof Follow || object instanceof Block) {
    const handle = localHandle(ctx, object.objectId);
    if (handle) op = { type: object instanceof Follow ? "unfollow" : "unblock", handle };
  } else if ((object instanceof Like || object instanceof Announce) && object.objectId) {
    const postId = await postIdOf(ctx, object.objectId.href, null);
    if (postId) op = { type: object instanceof Like ? "unlike" : "unrepost", postId };
  }
  if (op) await apply(ctx, sender, op, undo.id);
}

/** Update of the sender's own actor (its profile here is refreshed) or of a post of theirs. */
async function onUpdate(ctx: P92InboxContext, update: Update): Promise<void> {
  const actorId = update.actorId;
  if (!update.id || !actorId || (await isBlocked(ctx, actorId))) return;
  const object = await update.getObject({ ...loaders(ctx), suppressError: true });
  if (isActor(object) && object.id?.href === actorId.href) await saveActor(ctx, object);
  else if (isRemoteNoteObject(object)) {
    const sender = await ctx.data.store.accountByActorUri(actorId.href);
    if (sender) await editNote(ctx, sender, object, update.id);
  }
}

/**
 * Delete of the sender's own actor (its posts, follows, likes and reposts here are undone) or of a
 * post of theirs. Only a known sender's: someone never seen here has nothing here to delete.
 */
async function onDelete(ctx: P92InboxContext, deletion: Delete): Promise<void> {
  const { actorId, objectId } = deletion;
  if (!deletion.id || !actorId || !objectId || (await isBlocked(ctx, actorId))) return;
  const { store } = ctx.data;
  if (objectId.href === actorId.href) {
    await store.deleteRemoteAccount(actorId.href);
    return;
  }
  const sender = await store.accountByActorUri(actorId.href);
  if (sender) await apply(ctx, sender, { type: "deleteRemotePost", objectUri: objectId.href }, deletion.id);
}
