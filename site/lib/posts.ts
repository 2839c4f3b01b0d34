import type { AccountRow, PostRow } from "../../shared/db/schema.ts";
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

/** Stores a post from the server, keeping the reader's own like and repost when it has none. */
export async function storePost(post: Post): Promise<void> {
  const saved = await db.posts.get(post.id);
  const { viewer, ...fields } = post;
  const row: PostRow = { ...fields };
  const liked = viewer?.liked ?? saved?.liked;
  const reposted = viewer?.reposted ?? saved?.reposted;
  if (liked !== undefined) row.liked = liked;
  if (reposted !== undefined) row.reposted = reposted;
  await db.posts.put(row);
}

/** Stores posts read from a timeline or a thread, in one transaction. */
export async function storePosts(posts: Post[]): Promise<void> {
  await db.transaction("rw", db.posts, async () => {
    for (const post of posts) await storePost(post);
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
