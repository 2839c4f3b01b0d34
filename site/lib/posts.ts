import type { AccountRow, OutboxRow, PostRow } from "../../shared/db/schema.ts";
import type { SyncOp } from "../../shared/sync.ts";
import type { Post } from "../../shared/schema/social.ts";
import { db } from "./db.ts";

/**
 * Posts on the device: how screens hold one (FeedItem), the server's copies (from sync, timelines
 * and threads) and the removal of a refused post. New posts, likes and reposts are queued in
 * outbox.ts; screens read posts through feed.ts.
 */

/** A post as the screens show it: with its author's account and the post it quotes. */
export interface FeedItem {
  post: PostRow;
  author: AccountRow | undefined;
  /** undefined when the post quotes nothing, null when the quoted post is not on the device. */
  quoted?: { post: PostRow; author: AccountRow | undefined } | null;
}

/** Deletions and edits of one's own posts still in the outbox: the server's copy does not have them yet. */
export interface QueuedPostChanges {
  deleted: Set<string>;
  /** The text each edited post will have. */
  edited: Map<string, string>;
}

export async function queuedPostChanges(): Promise<QueuedPostChanges> {
  const queued: QueuedPostChanges = { deleted: new Set(), edited: new Map() };
  for (const row of await signedInOutbox()) {
    const op = row.op as SyncOp;
    if (op.type === "deletePost") queued.deleted.add(op.postId);
    else if (op.type === "editPost") queued.edited.set(op.postId, op.text);
  }
  return queued;
}

/**
 * Stores a post from the server, keeping the reader's own like and repost when it has none, and
 * why their last action on it was refused. A post whose deletion is queued stays away; one whose
 * edit is queued keeps the device's text until the server has it.
 */
export async function storePost(post: Post, queued: QueuedPostChanges): Promise<void> {
  if (queued.deleted.has(post.id)) return;
  const saved = await db.posts.get(post.id);
  const { viewer, ...fields } = post;
  const row: PostRow = { ...fields };
  const liked = viewer?.liked ?? saved?.liked;
  const reposted = viewer?.reposted ?? saved?.reposted;
  if (liked !== undefined) row.liked = liked;
  if (reposted !== undefined) row.reposted = reposted;
  if (saved?.actionError) row.actionError = saved.actionError;
  const text = queued.edited.get(post.id);
  if (text !== undefined && saved) Object.assign(row, { text, links: saved.links, editedAt: saved.editedAt });
  await db.posts.put(row);
}

/** Stores posts read from a timeline or a thread, in one transaction. */
export async function storePosts(posts: Post[]): Promise<void> {
  await db.transaction("rw", [db.posts, db.outbox], async () => {
    const queued = await queuedPostChanges();
    for (const post of posts) await storePost(post, queued);
  });
}

/** Removes a post the server refused; only then, and only when the person asks. */
export async function discardFailedPost(postId: string): Promise<void> {
  await db.transaction("rw", db.posts, async () => {
    const post = await db.posts.get(postId);
    if (post?.localState === "failed") await db.posts.delete(postId);
  });
}

/** The reader has read why their like or repost was taken back: the post stops saying it. */
export async function dismissActionError(postId: string): Promise<void> {
  await db.posts.update(postId, { actionError: undefined });
}

/** The edits of a post waiting in the outbox, oldest first. */
export async function queuedEdits(postId: string): Promise<OutboxRow[]> {
  return (await signedInOutbox()).filter((row) => {
    const op = row.op as SyncOp;
    return op.type === "editPost" && op.postId === postId;
  });
}

/**
 * The outbox of whoever is signed in: operations left by an account that signed out here are
 * marked as its own (settings.clearSession) and change nothing shown to anyone else.
 */
function signedInOutbox(): Promise<OutboxRow[]> {
  return db.outbox.filter((row) => row.account === undefined).toArray();
}
