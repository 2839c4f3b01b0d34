import type { PostPage, PostThread } from "../../shared/api.ts";
import { callApi } from "./api.ts";
import { db } from "./db.ts";
import { fetchMissingAuthors } from "./authors.ts";
import type { FeedTab } from "./feed.ts";
import type { Session } from "./settings.ts";
import { storePosts } from "./posts.ts";

/**
 * Reads one page of a server timeline (newest first, `before` = the previous page's `next`) and
 * keeps its posts on the device, where the feed shows them. Answers the next cursor, null at the end.
 */
export async function fetchTimelinePage(
  session: Session,
  source: { tab: FeedTab } | { author: string },
  before: string | null,
): Promise<string | null> {
  const path =
    "author" in source
      ? `/api/accounts/${encodeURIComponent(source.author)}/posts`
      : `/api/timeline/${source.tab}`;
  const query = before ? `?before=${encodeURIComponent(before)}` : "";
  const page = await callApi<PostPage>(session.serverUrl, path + query, { token: session.token });
  await storePosts(page.posts);
  void fetchMissingAuthors(session.serverUrl, page.posts);
  return page.next;
}

/** Brings a thread (the post and its first page of replies) onto the device. */
export async function fetchThread(
  session: { serverUrl: string; token: string | null },
  id: string,
): Promise<void> {
  const thread = await callApi<PostThread>(session.serverUrl, `/api/posts/${encodeURIComponent(id)}`, {
    token: session.token,
  });
  const posts = [...(thread.ancestors ?? []), thread.post, ...thread.replies];
  await storePosts(posts);
  void fetchMissingAuthors(session.serverUrl, posts);
}

/** At most this many posts one call brings; each post is asked for once while the page lives. */
const MISSING_PER_CALL = 20;
const asked = new Set<string>();

/** Brings these posts to the device, those it lacks, one after the other (each with its thread). */
export async function fetchMissingPosts(session: Session, ids: string[]): Promise<void> {
  const held = await db.posts.bulkGet(ids);
  const missing = [...new Set(ids.filter((id, i) => !held[i] && !asked.has(id)))].slice(0, MISSING_PER_CALL);
  for (const id of missing) {
    asked.add(id);
    await fetchThread(session, id).catch(() => undefined);
  }
}
