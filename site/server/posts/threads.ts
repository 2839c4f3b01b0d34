import type { PostRecord } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";

/** At most this many posts above one in a thread are answered (a thread page shows them all). */
export const MAX_ANCESTORS = 20;

/**
 * The posts `post` answers, up to the thread's start or MAX_ANCESTORS, the first one first: each
 * only if the reader may see it. The walk stops at a post that is deleted, not here, or not for
 * the reader, and at a loop (posts from elsewhere say what they answer; two could name each other).
 */
export async function ancestors(
  store: Store,
  post: PostRecord,
  reader: number | null,
): Promise<PostRecord[]> {
  const found: PostRecord[] = [];
  const seen = new Set([post.id]);
  let up = post.replyTo;
  while (up !== null && !seen.has(up) && found.length < MAX_ANCESTORS) {
    seen.add(up);
    const parent = await store.postById(up, reader);
    if (!parent || parent.deleted) break;
    found.unshift(parent);
    up = parent.replyTo;
  }
  return found;
}
