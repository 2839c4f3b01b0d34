import type { AccountRecord } from "../storage/records.ts";
import type { Object as APObject } from "@fedify/fedify/vocab";
import type { P92Context } from "./context.ts";
import {
  accountOfActor,
  apply,
  fetchObject,
  isBlocked,
  localPostId,
  mentionedHandle,
} from "./inbox-senders.ts";
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
 * What it replies to or quotes is fetched when unknown, a few posts at most per activity.
 */

/** How many posts (up a thread, along quotes) one activity may fetch, all together. */
export const MAX_FETCHED_POSTS = 5;

/**
 * What one activity may still fetch: one budget for every post it leads to, each at most once,
 * and (when a `signal` is given) until a deadline, for each post and its author alike.
 */
export class FetchBudget {
  #left = MAX_FETCHED_POSTS;
  readonly #seen = new Set<string>();
  readonly signal: AbortSignal | undefined;

  constructor(signal?: AbortSignal) {
    this.signal = signal;
  }

  take(url: string): boolean {
    if (this.#left === 0 || this.#seen.has(url)) return false;
    this.#seen.add(url);
    this.#left--;
    return true;
  }
}

export interface Arrival {
  /** The activity it came in, remembered so a replay changes nothing; null when it was fetched. */
  activityId: URL | null;
  budget: FetchBudget;
  /** Read from its author's outbox (their recent posts, for their profile): nobody is notified. */
  history?: true;
}

/**
 * Stores a post of `author` (once per object id) and answers its local id; null when it is
 * refused, not wanted here, or a direct message (not stored).
 */
export async function receiveNote(
  ctx: P92Context,
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
    arrival.activityId === null ||
    author.followerCount > 0 ||
    mentions.length > 0 ||
    replyTo !== null ||
    quoteOf !== null;
  if (!wanted) return null;
  // Looked up again: fetching up the thread may have stored the quoted post.
  if (read.replyTo && !replyTo) replyTo = await postIdOf(ctx, read.replyTo, arrival.budget);
  if (read.quote && !quoteOf) quoteOf = await postIdOf(ctx, read.quote, arrival.budget);
  const post = {
    ...read.post,
    replyTo,
    quoteOf,
    mentions,
    ...(arrival.history ? { quiet: true as const } : {}),
  };
  const id = arrival.activityId ?? new URL(post.objectUri);
  const outcome = await apply(ctx, author, { type: "receivePost", post }, id);
  if (outcome?.status === "created" || outcome?.status === "existing") return outcome.post.id;
  return store.postIdByObjectUri(post.objectUri);
}

/** An edit by its author of a post stored here; anything else is ignored. */
export async function editNote(
  ctx: P92Context,
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
 * The local id of a post another server names: one of this server's, one stored here, or (with a
 * budget to fetch) fetched from its server with its author. Null when none of these.
 */
export async function postIdOf(
  ctx: P92Context,
  uri: string,
  budget: FetchBudget | null,
): Promise<string | null> {
  return (await knownPostId(ctx, uri)) ?? (budget ? fetchPost(ctx, uri, budget) : null);
}

async function knownPostId(ctx: P92Context, uri: string | null): Promise<string | null> {
  if (uri === null) return null;
  return localPostId(ctx, URL.parse(uri)) ?? ctx.data.store.postIdByObjectUri(uri);
}

/**
 * Fetches a post from its server (within the activity's budget) and stores it with its author,
 * who must be on the same server: nothing else is fetched on a post's word.
 */
async function fetchPost(ctx: P92Context, uri: string, budget: FetchBudget): Promise<string | null> {
  const url = URL.parse(uri);
  if (!url || (await isBlocked(ctx, url)) || !budget.take(url.href)) return null;
  return storeFetchedNote(ctx, await fetchObject(ctx, url, budget.signal), budget);
}

/**
 * A note fetched from its server, stored with its author (fetched too when unknown), who must be
 * on the same server; its local id, or null when it is not a note or is refused.
 */
export async function storeFetchedNote(
  ctx: P92Context,
  object: APObject | null,
  budget: FetchBudget,
): Promise<string | null> {
  if (!isRemoteNoteObject(object) || object.attributionId?.origin !== object.id?.origin) return null;
  const known = await ctx.data.store.postIdByObjectUri(object.id!.href);
  if (known) return known;
  const author = await accountOfActor(ctx, object.attributionId!, budget.signal);
  return author ? receiveNote(ctx, author, object, { activityId: null, budget }) : null;
}

/** The object as a post of `author`, or null (logged when refused): direct messages are not kept. */
async function readNote(
  ctx: P92Context,
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
