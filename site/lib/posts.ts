import { newId } from "../../shared/ids.ts";
import { extractLinks } from "../../shared/post-text.ts";
import type { PostRow } from "../../shared/db/schema.ts";
import type { Media } from "../../shared/schema/social.ts";
import type { SyncOp } from "../../shared/sync.ts";
import { db } from "./db.ts";

/** A cached post plus the signed-in person's own like and repost, kept only on the device. */
export interface SitePost extends PostRow {
  liked?: boolean;
  reposted?: boolean;
}

export interface Draft {
  text: string;
  media: Media[];
  replyTo: string | null;
  quoteOf: string | null;
}

/** Puts an operation in the outbox; must run inside a transaction that includes the outbox. */
export async function enqueue(op: SyncOp): Promise<void> {
  await db.outbox.add({
    opId: op.opId,
    op,
    createdAt: new Date().toISOString(),
    attempts: 0,
    lastError: null,
  });
}

/**
 * Writes a new post to the device first: the outbox operation and the post row (marked sending)
 * in one transaction, so the post is on screen at once and is never lost between the two.
 */
export async function createLocalPost(author: string, serverUrl: string, draft: Draft): Promise<SitePost> {
  const id = newId();
  const now = new Date().toISOString();
  const post: SitePost = {
    id,
    url: new URL(`/post/?id=${id}`, serverUrl).href,
    author,
    text: draft.text,
    links: extractLinks(draft.text),
    media: draft.media,
    replyTo: draft.replyTo,
    quoteOf: draft.quoteOf,
    createdAt: now,
    replyCount: 0,
    likeCount: 0,
    repostCount: 0,
    localState: "sending",
  };
  const op: SyncOp = {
    opId: newId(),
    type: "createPost",
    post: {
      id,
      text: draft.text,
      media: draft.media.map((m) => ({ id: m.id, alt: m.alt })),
      replyTo: draft.replyTo,
      quoteOf: draft.quoteOf,
    },
  };
  await db.transaction("rw", db.outbox, db.posts, async () => {
    await enqueue(op);
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
  await db.transaction("rw", db.outbox, db.posts, async () => {
    const post = await db.posts.get(postId);
    if (!post || post.localState !== "failed") return;
    await enqueue({
      opId: newId(),
      type: "createPost",
      post: {
        id: post.id,
        text: post.text,
        media: post.media.map((m) => ({ id: m.id, alt: m.alt })),
        replyTo: post.replyTo,
        quoteOf: post.quoteOf,
      },
    });
    await db.posts.update(postId, { localState: "sending", localError: undefined });
  });
}

/** Removes a post the server refused; only then, and only when the person asks. */
export async function discardFailedPost(postId: string): Promise<void> {
  await db.transaction("rw", db.posts, async () => {
    const post = await db.posts.get(postId);
    if (post?.localState === "failed") await db.posts.delete(postId);
  });
}

/** Likes or unlikes, updating the count on screen at once; the server's count follows on sync. */
export async function toggleLike(postId: string): Promise<void> {
  await db.transaction("rw", db.outbox, db.posts, async () => {
    const post = (await db.posts.get(postId)) as SitePost | undefined;
    if (!post) return;
    const liked = !post.liked;
    await enqueue({ opId: newId(), type: liked ? "like" : "unlike", postId });
    await db.posts.update(postId, {
      liked,
      likeCount: Math.max(0, post.likeCount + (liked ? 1 : -1)),
    } as Partial<SitePost>);
  });
}

export async function toggleRepost(postId: string): Promise<void> {
  await db.transaction("rw", db.outbox, db.posts, async () => {
    const post = (await db.posts.get(postId)) as SitePost | undefined;
    if (!post) return;
    const reposted = !post.reposted;
    await enqueue({ opId: newId(), type: reposted ? "repost" : "unrepost", postId });
    await db.posts.update(postId, {
      reposted,
      repostCount: Math.max(0, post.repostCount + (reposted ? 1 : -1)),
    } as Partial<SitePost>);
  });
}
