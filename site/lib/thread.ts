import type { PostRow } from "../../shared/db/schema.ts";
import { db } from "./db.ts";
import { hiddenTest, withAuthors } from "./feed.ts";
import type { FeedItem } from "./posts.ts";

/**
 * A post's thread as the device holds it (the thread page's read; apart from feed.ts, which every
 * page's first paint waits for).
 */

export interface Thread {
  /** What the post answers, up to the thread's start (those on the device), the first one first. */
  ancestors: FeedItem[];
  main: FeedItem;
  /** Oldest first. */
  replies: FeedItem[];
}

/** At most this many posts above one are shown (as the server answers them). */
const MAX_ANCESTORS = 20;

/**
 * A post, what it answers and its replies on the device (but those `me` does not want to see:
 * hiddenTest); null when the post is not here.
 */
export async function readThread(id: string, me: string | null): Promise<Thread | null> {
  const post = await db.posts.get(id);
  if (!post) return null;
  const above: PostRow[] = [];
  const seen = new Set([post.id]);
  for (let up = post.replyTo; up && !seen.has(up) && above.length < MAX_ANCESTORS;) {
    seen.add(up);
    const parent = await db.posts.get(up);
    if (!parent) break;
    above.unshift(parent);
    up = parent.replyTo;
  }
  const hide = await hiddenTest(me);
  const replies = (await db.posts.where("replyTo").equals(id).sortBy("createdAt")).filter(
    (reply) => !hide(reply),
  );
  const items = await withAuthors([...above, post, ...replies]);
  return { ancestors: items.splice(0, above.length), main: items.shift()!, replies: items };
}
