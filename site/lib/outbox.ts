import type { Table } from "dexie";
import { newId } from "../../shared/ids.ts";
import { limitedReplies, type LimitedReplies } from "../../shared/reply-policy.ts";
import { extractLinks } from "../../shared/post-text.ts";
import type { PostRow } from "../../shared/db/schema.ts";
import type { Media } from "../../shared/schema/social.ts";
import type { SyncOp } from "../../shared/sync.ts";
import { db } from "./db.ts";
import { INTERACTIONS, interactionChange, type Interaction } from "./interactions.ts";
import { storeFollow } from "./follows.ts";
import { queuedEdits } from "./posts.ts";
import { requestSync } from "./sync/scheduler.ts";

/**
 * What a person does that the server must hear of. Each operation writes the device's rows and
 * its outbox entry in one transaction, so it shows at once and is never lost between the two,
 * then asks for a sync itself: callers never call requestSync after an action.
 */

export interface Draft {
  text: string;
  media: Media[];
  replyTo: string | null;
  quoteOf: string | null;
  /** Absent: anyone may reply. */
  replyPolicy?: LimitedReplies;
}

/** Runs `write` in one transaction with the outbox, then asks for a sync. */
export async function queue(tables: Table[], write: () => Promise<void>): Promise<void> {
  await db.transaction("rw", [db.outbox, ...tables], write);
  void requestSync();
}

/** Puts an operation in the outbox; only inside `queue`'s transaction. */
export async function enqueue(op: SyncOp, restore?: PostRow): Promise<void> {
  await db.outbox.add({
    opId: op.opId,
    op,
    createdAt: new Date().toISOString(),
    attempts: 0,
    lastError: null,
    ...(restore ? { restore } : {}),
  });
}

const createPostOp = (post: Draft & { id: string }): SyncOp => ({
  opId: newId(),
  type: "createPost",
  post: {
    id: post.id,
    text: post.text,
    media: post.media.map((m) => ({ id: m.id, alt: m.alt })),
    replyTo: post.replyTo,
    quoteOf: post.quoteOf,
    ...limitedReplies(post.replyPolicy),
  },
});

/** A new post, marked sending; its links are the device's own reading until the server's copy. */
export async function createLocalPost(author: string, serverUrl: string, draft: Draft): Promise<PostRow> {
  const id = newId();
  const post: PostRow = {
    id,
    url: new URL(`/post/?id=${id}`, serverUrl).href,
    author,
    text: draft.text,
    links: extractLinks(draft.text),
    media: draft.media,
    replyTo: draft.replyTo,
    quoteOf: draft.quoteOf,
    ...limitedReplies(draft.replyPolicy),
    createdAt: new Date().toISOString(),
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
    localState: "sending",
  };
  await queue([db.posts], async () => {
    await enqueue(createPostOp(post));
    await db.posts.add(post);
    if (draft.replyTo) {
      const parent = await db.posts.get(draft.replyTo);
      if (parent) await db.posts.update(parent.id, { replyCount: parent.replyCount + 1 });
    }
  });
  return post;
}

/** Queues a refused post again, under a new operation id (the refused one is spent). */
export async function retryPost(postId: string): Promise<void> {
  await queue([db.posts], async () => {
    const post = await db.posts.get(postId);
    if (!post || post.localState !== "failed") return;
    await enqueue(createPostOp(post));
    await db.posts.update(postId, { localState: "sending", localError: undefined });
  });
}

/** Likes or unlikes (reposts or unreposts): the count changes on screen at once, the server's on sync. */
export async function toggleInteraction(postId: string, kind: Interaction): Promise<void> {
  const { flag, on, off } = INTERACTIONS[kind];
  await queue([db.posts], async () => {
    const post = await db.posts.get(postId);
    if (!post) return;
    const active = !post[flag];
    await enqueue({ opId: newId(), type: active ? on : off, postId });
    await db.posts.update(postId, { ...interactionChange(post, kind, active), actionError: undefined });
  });
}

/**
 * Follows or unfollows: the graph on the device changes at once, the server on sync. Following
 * someone on another server shows as asked until their server accepts (sync says when).
 */
export async function setFollowing(me: string, handle: string, follow: boolean): Promise<void> {
  await queue([db.siteFollows], async () => {
    await enqueue({ opId: newId(), type: follow ? "follow" : "unfollow", handle });
    await storeFollow(me, handle, !follow ? "none" : handle.includes("@") ? "requested" : "following");
  });
}

/**
 * Deletes one's own post: gone from the device at once (its parent's reply count with it), from
 * the server on sync; a refusal puts it back (sync/apply.ts).
 */
export async function deleteOwnPost(postId: string): Promise<void> {
  await queue([db.posts], async () => {
    const post = await db.posts.get(postId);
    if (!post) return;
    await enqueue({ opId: newId(), type: "deletePost", postId }, post);
    await db.posts.delete(postId);
    const parent = post.replyTo ? await db.posts.get(post.replyTo) : undefined;
    if (parent) await db.posts.update(parent.id, { replyCount: Math.max(0, parent.replyCount - 1) });
  });
}

/**
 * Replaces one's own post's text: shown edited at once, sent on sync; a refusal puts back the
 * text the server has (an edit still queued before this one is not on the server yet: this one
 * keeps the post as that one found it, and sync/apply.ts moves it on when that one is accepted).
 */
export async function editOwnPost(postId: string, text: string): Promise<void> {
  await queue([db.posts], async () => {
    const post = await db.posts.get(postId);
    if (!post || post.text === text) return;
    const queued = await queuedEdits(postId);
    await enqueue({ opId: newId(), type: "editPost", postId, text }, queued[0]?.restore ?? post);
    await db.posts.update(postId, {
      text,
      links: extractLinks(text),
      editedAt: new Date().toISOString(),
      actionError: undefined,
    });
  });
}
