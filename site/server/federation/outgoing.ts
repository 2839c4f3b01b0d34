import type { KvKey } from "@fedify/fedify";
import {
  Announce,
  Block,
  Delete,
  Follow,
  Like,
  Note,
  PUBLIC_COLLECTION,
  Tombstone,
  Undo,
  Update,
  type Activity,
  type Recipient,
} from "@fedify/fedify/vocab";
import type { AccountRecord, DeliveryTarget, OutgoingChange, PostRecord } from "../storage/records.ts";
import { personOf } from "./actors.ts";
import type { P92Context } from "./context.ts";
import { createOf, noteLinks, noteOf } from "./notes.ts";
import { recipientOf } from "./remote-actors.ts";
import { mentionResolver } from "./webfinger.ts";

/** One activity to deliver: what, to whom, and the key that keeps it in order with its kin. */
export interface Outgoing {
  activity: Activity;
  recipients: Recipient[];
  orderingKey: string;
}

/**
 * The ids of what a local account told other servers it did (a follow, a like, a repost, a block), kept in
 * the key-value store: an Undo names the very activity it takes back, and an Accept is matched to
 * the Follow it answers (Fedify 2 does not hand over the Follow a server embeds in its Accept).
 */
export const sentKey = (
  kind: "follow" | "like" | "repost" | "block",
  accountId: number,
  target: string | number,
) => ["p92", "sent", kind, String(accountId), String(target)] as const;

/** Whom a post's Create reached besides the followers (those it mentioned), for its Delete. */
const mentionedKey = (postId: string) => ["p92", "sent", "mentioned", postId] as const;

/**
 * The activity a change of the change log becomes, with its recipients elsewhere (none on a
 * blocked server), or null when nobody elsewhere is to hear of it. Ids are made from the change's
 * sequence number (or the post's id), so the same change always gives the same activity: sent
 * twice after a crash, receivers apply it once.
 */
export async function outgoingOf(ctx: P92Context, change: OutgoingChange): Promise<Outgoing | null> {
  const outgoing = await build(ctx, change);
  if (!outgoing) return null;
  // Each server checked once, however many of its accounts the activity goes to.
  const hostsOf = (recipient: Recipient) =>
    [recipient.inboxId, recipient.endpoints?.sharedInbox].flatMap((url) => (url ? [url.hostname] : []));
  const hosts = [...new Set(outgoing.recipients.flatMap(hostsOf))];
  const blocked = new Set<string>();
  await Promise.all(
    hosts.map(async (host) => {
      if (await ctx.data.blocked(host)) blocked.add(host);
    }),
  );
  const recipients = outgoing.recipients.filter(
    (recipient) => !hostsOf(recipient).some((h) => blocked.has(h)),
  );
  return recipients.length > 0 ? { ...outgoing, recipients } : null;
}

async function build(ctx: P92Context, change: OutgoingChange): Promise<Outgoing | null> {
  const actor = ctx.getActorUri(change.handle);
  const id = (kind: string) => new URL(`#${kind}/${change.seq}`, actor);
  switch (change.kind) {
    case "post":
    case "postEdited": {
      const post = await readPost(ctx, change);
      if (!post || post.deleted) return null;
      // Someone elsewhere it names who is not known yet is looked up (WebFinger).
      const links = await noteLinks(ctx, ctx.data.store, post, mentionResolver(ctx, change.accountId));
      // An edit also reaches whom the post named before (their copy holds the old text).
      const mentioned = await rememberMentioned(ctx, post.id, links.remoteMentions);
      const note = noteOf(ctx, post, links);
      // An edit sends the note as it is now, marked `updated`: receivers drop an older one arriving late.
      const update = () =>
        new Update({
          id: new URL(`${note.id!.href}#update/${change.seq}`),
          actor,
          to: PUBLIC_COLLECTION,
          ccs: note.ccIds,
          object: note,
        });
      return {
        activity: change.kind === "post" ? createOf(ctx, note, post) : update(),
        recipients: [
          ...(await followersOf(ctx, change.accountId)),
          ...mentioned.map(recipientOf),
          ...(await authorsOf(ctx, [post.replyTo, post.quoteOf])),
        ],
        orderingKey: ctx.getObjectUri(Note, { id: post.id }).href,
      };
    }
    case "accountDeleted":
      // Mastodon's form: the actor deletes itself; everyone who may hold a copy of it hears so.
      return {
        activity: new Delete({ id: id("delete"), actor, to: PUBLIC_COLLECTION, object: actor }),
        recipients: [
          ...(await followersOf(ctx, change.accountId)),
          ...(await followedElsewhere(ctx, change.accountId)),
        ],
        orderingKey: actor.href,
      };
    case "postDeleted": {
      const post = await readPost(ctx, change);
      if (!post) return null;
      const note = ctx.getObjectUri(Note, { id: post.id });
      return {
        activity: new Delete({
          id: new URL(`${note.href}#delete`),
          actor,
          to: PUBLIC_COLLECTION,
          cc: ctx.getFollowersUri(change.handle),
          object: new Tombstone({ id: note }),
        }),
        recipients: [
          ...(await followersOf(ctx, change.accountId)),
          ...((await ctx.data.federationStorage.kv.get<DeliveryTarget[]>(mentionedKey(post.id))) ?? []).map(
            recipientOf,
          ),
          ...(await authorsOf(ctx, [post.replyTo, post.quoteOf])),
        ],
        orderingKey: note.href,
      };
    }
    case "account": {
      const account = await ctx.data.store.accountById(change.accountId);
      if (!account) return null;
      const person = personOf(ctx, account, await ctx.getActorKeyPairs(change.handle));
      return {
        activity: new Update({ id: id("updates"), actor, to: PUBLIC_COLLECTION, object: person }),
        recipients: await followersOf(ctx, change.accountId),
        orderingKey: actor.href,
      };
    }
    case "like":
    case "repost":
      return interaction(ctx, change, actor, id);
    case "follow":
    case "followRequest":
      return follow(ctx, change, actor, id);
    case "block":
      return towardAccount(ctx, change, actor, id, "block");
  }
}

/**
 * A like (to the post's author) or a repost (to the author and the account's followers), or the
 * Undo of one.
 */
async function interaction(
  ctx: P92Context,
  change: OutgoingChange,
  actor: URL,
  id: (kind: string) => URL,
): Promise<Outgoing | null> {
  // Not read as the account sees it: a like of a followers-only post can be undone after an
  // unfollow, and its author must hear of that too.
  const postId = change.postId;
  if (postId === null) return null;
  const objectUri = await ctx.data.store.objectUriOfPost(postId);
  const object = objectUri ? new URL(objectUri) : ctx.getObjectUri(Note, { id: postId });
  const kind = change.kind === "like" ? "like" : "repost";
  const author = await authorsOf(ctx, [postId]);
  const recipients = kind === "like" ? author : [...(await followersOf(ctx, change.accountId)), ...author];
  const key = sentKey(kind, change.accountId, postId);
  const orderingKey = `${actor.href} ${object.href}`;
  if (change.active) {
    const activityId = id(kind === "like" ? "likes" : "announces");
    await ctx.data.federationStorage.kv.set(key, activityId.href);
    const values = { id: activityId, actor, object };
    const activity =
      kind === "like"
        ? new Like(values)
        : new Announce({ ...values, to: PUBLIC_COLLECTION, ccs: [ctx.getFollowersUri(change.handle)] });
    return { activity, recipients, orderingKey };
  }
  const values = { id: await sentId(ctx, key), actor, object };
  const activity = kind === "like" ? new Like(values) : new Announce(values);
  return { activity: new Undo({ id: id("undo"), actor, object: activity }), recipients, orderingKey };
}

/** A Follow of someone elsewhere (a request, answered by their server), or its Undo. */
function follow(ctx: P92Context, change: OutgoingChange, actor: URL, id: (kind: string) => URL) {
  // An accepted follow (`follow`, active) was announced by its request already.
  if (change.kind === "follow" && change.active) return null;
  return towardAccount(ctx, change, actor, id, "follow");
}

/**
 * What a local account does to someone elsewhere, sent to them: a Follow (a request, answered by
 * their server) or a Block (their server then hides the account from them and ends the follows,
 * as this one did) when `active`, else the Undo naming the one sent. No such activity known (a
 * Follow their server refused, which forgets it): nothing to undo there.
 */
async function towardAccount(
  ctx: P92Context,
  change: OutgoingChange,
  actor: URL,
  id: (kind: string) => URL,
  kind: "follow" | "block",
): Promise<Outgoing | null> {
  const target = await remoteTarget(ctx, change);
  if (!target?.remote) return null;
  const recipients = [recipientOf(target.remote)];
  const object = new URL(target.remote.actorUri);
  const key = sentKey(kind, change.accountId, target.id);
  const orderingKey = `${actor.href} ${object.href}`;
  const Type = kind === "follow" ? Follow : Block;
  if (change.active) {
    const activityId = id(`${kind}s`);
    await ctx.data.federationStorage.kv.set(key, activityId.href);
    return { activity: new Type({ id: activityId, actor, object }), recipients, orderingKey };
  }
  const undone = await sentId(ctx, key);
  if (!undone) return null;
  const activity = new Undo({ id: id("undo"), actor, object: new Type({ id: undone, actor, object }) });
  return { activity, recipients, orderingKey };
}

/** The account elsewhere a change names (a follow's, a block's); null when its actor was deleted there. */
async function remoteTarget(ctx: P92Context, change: OutgoingChange): Promise<AccountRecord | null> {
  const { store } = ctx.data;
  const target = change.targetAccountId === null ? null : await store.accountById(change.targetAccountId);
  // An actor deleted on its server has nothing left to undo, nor anyone to tell.
  if (!target?.remote || !(await store.accountByActorUri(target.remote.actorUri))) return null;
  return target;
}

/**
 * The id a sent activity had, or null if none is known. Kept after its Undo (a next one replaces
 * it): an Undo queued again after a crash still names it.
 */
async function sentId(ctx: P92Context, key: KvKey): Promise<URL | null> {
  const sent = await ctx.data.federationStorage.kv.get<string>(key);
  return sent ? new URL(sent) : null;
}

/**
 * Keeps whom elsewhere a post has mentioned, each once, so its edits and its Delete reach them
 * too (an edit may name more, or fewer); answers all of them.
 */
async function rememberMentioned(
  ctx: P92Context,
  postId: string,
  mentioned: DeliveryTarget[],
): Promise<DeliveryTarget[]> {
  const { kv } = ctx.data.federationStorage;
  const earlier = (await kv.get<DeliveryTarget[]>(mentionedKey(postId))) ?? [];
  const known = new Set(earlier.map((target) => target.actorUri));
  const added = mentioned.filter((target) => !known.has(target.actorUri));
  if (added.length > 0) await kv.set(mentionedKey(postId), [...earlier, ...added]);
  return [...earlier, ...added];
}

/** A local post, deleted ones too (local posts are public). */
async function readPost(ctx: P92Context, change: OutgoingChange): Promise<PostRecord | null> {
  return change.postId ? ctx.data.store.postById(change.postId, change.accountId) : null;
}

async function followersOf(ctx: P92Context, accountId: number): Promise<Recipient[]> {
  return (await ctx.data.store.remoteFollowerInboxes(accountId)).map(recipientOf);
}

/** Those elsewhere an account follows or asked to follow, a page at a time. */
async function followedElsewhere(ctx: P92Context, accountId: number): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  for (const side of ["following", "requested"] as const) {
    let after: number | null = null;
    do {
      const page = await ctx.data.store.followPage(accountId, side, after, 500);
      for (const { remote } of page.accounts) if (remote) recipients.push(recipientOf(remote));
      after = page.next;
    } while (after !== null);
  }
  return recipients;
}

/** The authors elsewhere of these posts (whoever may read them). */
async function authorsOf(ctx: P92Context, postIds: (string | null)[]): Promise<Recipient[]> {
  const { store } = ctx.data;
  const recipients: Recipient[] = [];
  for (const postId of postIds) {
    const authorId = postId ? await store.postAuthorId(postId) : null;
    const author = authorId === null ? null : await store.accountById(authorId);
    if (author?.remote) recipients.push(recipientOf(author.remote));
  }
  return recipients;
}
