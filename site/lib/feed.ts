import type { PostRow } from "../../shared/db/schema.ts";
import { db } from "./db.ts";
import { followeesOf } from "./follows.ts";
import { hiddenFrom } from "./relations.ts";
import { readMutedWords } from "./muted-words.ts";
import { mutedWordTest } from "../../shared/muted-words.ts";
import type { FeedItem } from "./posts.ts";
import { showPrefetchedFeed } from "./store.ts";

export type FeedTab = "following" | "everyone";

export interface FeedQuery {
  tab: FeedTab;
  me: string | null;
  limit: number;
  tag?: string | null;
}

/**
 * The newest top-level posts on the device for a tab, but those the reader does not want to see
 * (hiddenTest), read through the createdAt index and
 * stopping at `limit`, so the first screen costs the same with 10 or 10,000 posts stored.
 */
export async function readFeed(query: FeedQuery): Promise<FeedItem[]> {
  const [followees, hide] = await Promise.all([
    query.tab === "following" && query.me ? followeesOf(query.me) : null,
    hiddenTest(query.me),
  ]);
  followees?.add(query.me!);
  const tag = query.tag ? `#${query.tag.toLowerCase()}` : null;
  const keep = (p: PostRow) =>
    !p.replyTo &&
    (!followees || followees.has(p.author)) &&
    (!tag || p.text.toLowerCase().includes(tag)) &&
    !hide(p);
  // Reads in batches with getAll (one IndexedDB request each) rather than a filtered cursor (one
  // request per row): the first screen then costs a couple of requests however many posts are kept.
  const posts: PostRow[] = [];
  const seen = new Set<string>();
  let before: string | null = null;
  for (;;) {
    const batchSize = Math.max(100, (query.limit - posts.length) * 2);
    const range =
      before === null ? db.posts.orderBy("createdAt") : db.posts.where("createdAt").belowOrEqual(before);
    const batch: PostRow[] = await range.reverse().limit(batchSize).toArray();
    const seenBefore = seen.size;
    for (const post of batch) {
      if (seen.has(post.id)) continue;
      seen.add(post.id);
      if (keep(post)) posts.push(post);
      if (posts.length === query.limit) break;
    }
    // A batch with nothing new (more same-millisecond posts than a batch) ends the read.
    if (posts.length === query.limit || batch.length < batchSize || seen.size === seenBefore) break;
    before = batch[batch.length - 1]!.createdAt;
  }
  return withAuthors(posts);
}

/**
 * What `me`'s timelines leave out: posts of accounts they blocked or muted, and others' posts
 * holding a muted word (in the text or the content warning).
 */
export async function hiddenTest(me: string | null): Promise<(post: PostRow) => boolean> {
  const [hidden, words] = await Promise.all([hiddenFrom(me), readMutedWords()]);
  const muted = mutedWordTest(words, Date.now());
  return (post) =>
    hidden.has(post.author) || (post.author !== me && (muted(post.text) || muted(post.contentWarning ?? "")));
}

/** A person's newest posts on the device, replies included (their profile's tabs), newest first. */
export async function readAuthorPosts(author: string, limit: number): Promise<FeedItem[]> {
  const posts = await db.posts
    .where("[author+createdAt]")
    .between([author, ""], [author, "\uffff"])
    .reverse()
    .limit(limit)
    .toArray();
  return withAuthors(posts);
}

/** These posts, in this order, as far as the device holds them (search results). */
export async function readPosts(ids: string[]): Promise<FeedItem[]> {
  const posts = await db.posts.bulkGet(ids);
  return withAuthors(posts.filter((p): p is PostRow => p !== undefined));
}

/** Adds each post's author and quoted post, read in two bulk gets. */
export async function withAuthors(posts: PostRow[]): Promise<FeedItem[]> {
  const quoteIds = [...new Set(posts.flatMap((p) => (p.quoteOf ? [p.quoteOf] : [])))];
  const quotedPosts = await db.posts.bulkGet(quoteIds);
  const quoted = new Map(quoteIds.map((id, i) => [id, quotedPosts[i]]));
  const handles = [...new Set([...posts, ...quotedPosts].flatMap((p) => (p ? [p.author] : [])))];
  const accountRows = await db.accounts.bulkGet(handles);
  const accounts = new Map(handles.map((h, i) => [h, accountRows[i]]));
  return posts.map((post) => {
    const item: FeedItem = { post, author: accounts.get(post.author) };
    if (post.quoteOf) {
      const q = quoted.get(post.quoteOf);
      item.quoted = q ? { post: q, author: accounts.get(q.author) } : null;
    }
    return item;
  });
}

export const FIRST_PAGE = 50;

// The first screen of the Everyone tab is read as soon as this module loads, in parallel with the
// stored preferences, so the first post paints without waiting for the session check first.
if (typeof indexedDB !== "undefined")
  void readFeed({ tab: "everyone", me: null, limit: FIRST_PAGE }).then(showPrefetchedFeed, () => undefined);
