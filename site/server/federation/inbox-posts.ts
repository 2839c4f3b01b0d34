import { lookupObject } from "@fedify/fedify/vocab";
import type { AccountRecord } from "../storage/records.ts";
import type { P92InboxContext } from "./context.ts";
import { accountOfActor, apply, isBlocked, loaders, localPostId, mentionedHandle } from "./inbox-senders.ts";
import {
  readRemoteNote,
  isRemoteNoteObject,
  UnusableObject,
  type ReadNote,
  type RemoteNoteObject,
} from "./remote-notes.ts";

/**
 * Posts from other servers: a Create stores one, an Update edits it, a Delete deletes it. A post is
 * stored when someone here follows its author, or it replies to or quotes a post stored here, or
 * mentions someone here; anything else sent to this server is dropped (nobody here asked for it).
 * What it replies to or quotes is fetched when unknown, up to a few posts up a thread.
 */

/** How many posts up a thread (or along quotes) one activity may fetch. */
export const MAX_THREAD_DEPTH = 5;

export interface Arrival {
  /** The activity it came in, remembered so a replay changes nothing; null when it was fetched. */
  activityId: URL | null;
  /** How many posts were fetched to reach it (0: it came to the inbox). */
  depth: number;
}

/**
 * Stores a post of `author` (once per object id) and answers its local id; null when it is
 * refused, not wanted here, or a direct message (not stored).
 */
export async function receiveNote(
  ctx: P92InboxContext,
  author: AccountRecord,
  object: RemoteNoteObject,
  arrival: Arrival,
): Promise<string | null> {
  const { store } = ctx.data;
  const read = await readNote(ctx, author, object);
  if (!read) return null;
  const known = await store.postIdByObjectUri(read.post.objectUri);
  if (known) return known;
  const mentions: number[] = [];
  for (const handle of read.mentioned) {
    const account = await store.accountByHandle(handle);
    if (account) mentions.push(account.id);
  }
  let replyTo = await knownPostId(ctx, read.replyTo);
  let quoteOf = await knownPostId(ctx, read.quote);
  const wanted =
    arrival.depth > 0 ||
    author.followerCount > 0 ||
    mentions.length > 0 ||
    replyTo !== null ||
    quoteOf !== null;
  if (!wanted) return null;
  if (read.replyTo && !replyTo) replyTo = await fetchPost(ctx, read.replyTo, arrival.depth + 1);
  if (read.quote && !quoteOf) quoteOf = await fetchPost(ctx, read.quote, arrival.depth + 1);
  const post = { ...read.post, replyTo, quoteOf, mentions };
  const id = arrival.activityId ?? new URL(post.objectUri);
  const outcome = await apply(ctx, author, { type: "receivePost", post }, id);
  if (outcome?.status === "created" || outcome?.status === "existing") return outcome.post.id;
  return store.postIdByObjectUri(post.objectUri);
}

/** An edit by its author of a post stored here; anything else is ignored. */
export async function editNote(
  ctx: P92InboxContext,
  author: AccountRecord,
  object: RemoteNoteObject,
  activityId: URL,
): Promise<void> {
  if (!object.id || !(await ctx.data.store.postIdByObjectUri(object.id.href))) return;
  const read = await readNote(ctx, author, object);
  if (!read) return;
  const post = { ...read.post, replyTo: null, quoteOf: null, mentions: [] };
  await apply(ctx, author, { type: "editRemotePost", post }, activityId);
}

/**
 * The local id of a post another server names: one of this server's, one stored here, or (when
 * `fetchDepth` allows) fetched from its server with its author. Null when none of these.
 */
export async function postIdOf(
  ctx: P92InboxContext,
  url: URL,
  fetchDepth: number | null,
): Promise<string | null> {
  return (
    (await knownPostId(ctx, url.href)) ?? (fetchDepth === null ? null : fetchPost(ctx, url.href, fetchDepth))
  );
}

async function knownPostId(ctx: P92InboxContext, uri: string | null): Promise<string | null> {
  if (uri === null) return null;
  return localPostId(ctx, URL.parse(uri)) ?? ctx.data.store.postIdByObjectUri(uri);
}

/** Fetches a post from its server (not past the depth bound) and stores it with its author. */
async function fetchPost(ctx: P92InboxContext, uri: string, depth: number): Promise<string | null> {
  const url = URL.parse(uri);
  if (!url || depth > MAX_THREAD_DEPTH || isBlocked(ctx, url)) return null;
  let object;
  try {
    // An object whose id is on another server than the URL it came from is not taken.
    object = await lookupObject(url, { ...loaders(ctx), crossOrigin: "ignore" });
  } catch (error) {
    console.warn(`p92: ${uri} could not be fetched: ${(error as Error).message}`);
    return null;
  }
  if (!isRemoteNoteObject(object) || !object.attributionId) return null;
  const author = await accountOfActor(ctx, object.attributionId);
  return author ? receiveNote(ctx, author, object, { activityId: null, depth }) : null;
}

/** The object as a post of `author`, or null (logged when refused): direct messages are not kept. */
async function readNote(
  ctx: P92InboxContext,
  author: AccountRecord,
  object: RemoteNoteObject,
): Promise<ReadNote | null> {
  const remote = author.remote;
  if (!remote || object.attributionId?.href !== remote.actorUri) {
    console.warn(`p92: ${object.id?.href} is refused: it is not attributed to ${remote?.actorUri}`);
    return null;
  }
  try {
    return await readRemoteNote(object, {
      author: { actorUri: remote.actorUri, followers: remote.followers },
      localHandle: (url) => mentionedHandle(ctx, url),
    });
  } catch (error) {
    if (!(error instanceof UnusableObject)) throw error;
    console.warn(`p92: ${error.message}`);
    return null;
  }
}
