import type { DocumentLoader } from "@fedify/fedify";
import { Collection, CollectionPage, Create, isActor } from "@fedify/fedify/vocab";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { Call } from "../http/endpoint.ts";
import { spendWrite } from "../http/write-limits.ts";
import type { AccountRecord, ReportedCounts } from "../storage/records.ts";
import { contextOf, type P92Context } from "./context.ts";
import { FetchBudget, postIdOf, receiveNote } from "./inbox-posts.ts";
import { fetchObject, saveActor } from "./inbox-senders.ts";
import { LOOKUP_DEADLINE_MS } from "./lookup.ts";
import { EMBEDDED_ONLY } from "./remote-actors.ts";
import { isRemoteNoteObject, visibilityOf, type RemoteNoteObject } from "./remote-notes.ts";

/**
 * A remote profile as its server shows it: when someone signed in here opens it, this server reads
 * the person's actor again (their profile), the totals of their outbox, followers and following
 * (the counts their server reports), and their newest public posts from their outbox, which are
 * stored like any post received. Their server is asked at most once every 10 minutes per account,
 * and each read spends one action of the reader's.
 */

/** How many of the newest posts of an outbox are kept at most. */
export const RECENT_POSTS = 20;
/** How often one account's outbox is read at most. */
export const OUTBOX_READ_EVERY_MS = 10 * 60_000;
/** Pages of an outbox read at most, and items looked at (reposts and replies included). */
const MAX_PAGES = 3;
const MAX_ITEMS = 60;

/**
 * Reads a remote account's profile, counts and recent posts for a signed-in reader, when it is
 * due (not read in the last 10 minutes) and the reader has an action left (otherwise nothing is
 * read and nothing is refused). Waits for the read, which gives up after 15 s.
 */
export async function readRemoteProfile(
  call: Pick<Call, "runtime" | "ip">,
  reader: number,
  account: AccountRecord,
): Promise<void> {
  const readAt = account.remote?.outboxReadAt;
  const after = new Date(Date.now() - OUTBOX_READ_EVERY_MS).toISOString();
  if (!account.remote || (readAt && readAt > after)) return;
  try {
    await spendWrite(call, reader, "action");
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 429) return;
    throw error;
  }
  if (!(await call.runtime.store.claimOutboxRead(account.id, after))) return;
  try {
    await readOutbox(contextOf(call.runtime), account, AbortSignal.timeout(LOOKUP_DEADLINE_MS));
  } catch (error) {
    // Their server's fault (a context that cannot be read) or its posts' rate limit: the page
    // answers what is stored, and what was stored before the failure stays.
    console.warn(`p92: the outbox of ${account.handle} could not be read: ${(error as Error).message}`);
  }
}

/** The actor again, the counts its server reports, and its recent public posts (see above). */
export async function readOutbox(
  ctx: P92Context,
  account: AccountRecord,
  signal: AbortSignal,
): Promise<void> {
  const actorUri = new URL(account.remote!.actorUri);
  const actor = await fetchObject(ctx, actorUri, signal);
  if (!isActor(actor) || actor.id?.href !== actorUri.href) return;
  const saved = await saveActor(ctx, actor);
  if (!saved) return;
  const at = (id: URL | null) => collectionAt(ctx, actorUri, id, signal);
  const [outbox, followers, following] = await Promise.all([
    at(actor.outboxId),
    at(actor.followersId),
    at(actor.followingId),
  ]);
  const counts: ReportedCounts = {
    posts: totalOf(outbox),
    followers: totalOf(followers),
    following: totalOf(following),
  };
  await ctx.data.store.saveReportedCounts(saved.id, counts);
  if (outbox) await keepRecentPosts(ctx, saved, outbox, signal);
}

/**
 * The newest public posts of an outbox (each published by a Create; replies only to posts stored
 * here), stored as received, oldest first so they are listed here in the order they were written.
 */
async function keepRecentPosts(
  ctx: P92Context,
  author: AccountRecord,
  outbox: Collection,
  signal: AbortSignal,
): Promise<void> {
  const recent: RemoteNoteObject[] = [];
  let looked = 0;
  try {
    for await (const item of outboxItems(ctx, outbox, signal)) {
      if (++looked > MAX_ITEMS || recent.length === RECENT_POSTS || signal.aborted) break;
      if (!(item instanceof Create) || item.actorId?.href !== author.remote!.actorUri) continue;
      const object = await item.getObject(embedded(ctx, signal));
      if (!isRemoteNoteObject(object) || visibilityOf(object, null) === null) continue;
      if (object.replyTargetId && !(await postIdOf(ctx, object.replyTargetId.href, null))) continue;
      recent.push(object);
    }
  } catch (error) {
    // An item that cannot be read (a context that cannot be fetched) ends the page: the posts
    // read before it are kept.
    console.warn(`p92: the outbox of ${author.handle} is read in part: ${(error as Error).message}`);
  }
  const budget = new FetchBudget(signal);
  for (const object of recent.reverse()) {
    await receiveNote(ctx, author, object, { activityId: null, budget, history: true });
  }
}

/** The items an outbox embeds: its own, then those of its first pages. */
async function* outboxItems(ctx: P92Context, outbox: Collection, signal: AbortSignal) {
  const origin = new URL(outbox.id!.href);
  yield* outbox.getItems(embedded(ctx, signal));
  let page: Collection | null =
    (await outbox.getFirst(embedded(ctx, signal))) ??
    (await collectionAt(ctx, origin, outbox.firstId, signal));
  for (let pages = 1; page; pages++) {
    yield* page.getItems(embedded(ctx, signal));
    if (pages === MAX_PAGES || !(page instanceof CollectionPage)) return;
    page = await collectionAt(ctx, origin, page.nextId, signal);
  }
}

/**
 * Reading only what a page embeds (an item given by its URL alone would cost a request each), with
 * the JSON-LD contexts items carry of their own (Fedify's servers sign each, naming its contexts),
 * each fetched within the read's deadline.
 */
const embedded = (ctx: P92Context, signal: AbortSignal) => ({
  ...EMBEDDED_ONLY,
  contextLoader: ((url, options) =>
    ctx.contextLoader(url, {
      ...options,
      signal: options?.signal ? AbortSignal.any([options.signal, signal]) : signal,
    })) satisfies DocumentLoader,
});

/** A collection (or page) on the same server as `origin`, fetched; null otherwise. */
async function collectionAt(
  ctx: P92Context,
  origin: URL,
  id: URL | null,
  signal: AbortSignal,
): Promise<Collection | null> {
  if (!id || id.origin !== origin.origin) return null;
  const object = await fetchObject(ctx, id, signal);
  return object instanceof Collection ? object : null;
}

/** The total a collection reports, when it is a plausible count. */
function totalOf(collection: Collection | null): number | null {
  const total = collection?.totalItems;
  return typeof total === "number" && Number.isSafeInteger(total) && total >= 0 ? total : null;
}
