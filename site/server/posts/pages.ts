import { MAX_PAGE_SIZE } from "../../../shared/api.ts";
import type { Post } from "../../../shared/schema/social.ts";
import { ANSWER_BUDGET_BYTES, fitItems, jsonText } from "../http/answer-budget.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { Call } from "../http/endpoint.ts";
import { authenticate } from "../auth/sessions.ts";
import { toPost } from "../serialize.ts";
import type { PageRequest, PostRecord } from "../storage/records.ts";

/** A keyset cursor parameter (`before`, `after`): the `next` of a previous page, or null. */
export function cursorParam(url: URL, name: string): number | null {
  const value = url.searchParams.get(name);
  if (value !== null && !/^\d{1,15}$/.test(value))
    throw new ApiFailure(400, "invalid_cursor", `${name} must be the next value of a previous page`, name);
  return value === null ? null : Number(value);
}

/**
 * `?limit=<n>`: at most `max` (`unit` a page), and `max` when not given. A larger limit gets a
 * full page (as Mastodon's API does), 0 gets one.
 */
export function limitParam(url: URL, max: number, unit: string): number {
  const limit = url.searchParams.get("limit");
  if (limit !== null && !/^\d{1,3}$/.test(limit)) {
    throw new ApiFailure(
      400,
      "invalid_limit",
      `limit must be a whole number; a page holds 1 to ${max} ${unit}`,
      "limit",
    );
  }
  return Math.min(max, Math.max(1, Number(limit ?? max)));
}

/** `?before=<cursor>&limit=<n>` of a timeline request: keyset pagination, at most 50 a page. */
export function pageRequest(url: URL): PageRequest {
  return { before: cursorParam(url, "before"), limit: limitParam(url, MAX_PAGE_SIZE, "posts") };
}

/** The signed-in account reading (null: no one signed in). */
export function readerOf(call: Call): Promise<number | null> {
  return authenticate(call.runtime.store, call.request);
}

/** Posts as wire JSON, with the reader's like/repost state when signed in. */
export async function postsForReader(
  call: Call,
  reader: number | null,
  records: PostRecord[],
): Promise<Post[]> {
  const { store, config } = call.runtime;
  const state =
    reader === null
      ? null
      : await store.viewerState(
          reader,
          records.map((r) => r.id),
        );
  return records.map((r) => toPost(config.publicUrl, r, state?.get(r.id)));
}

/** The `before` of the page after this one; null when this page was the last. */
export function nextCursor(records: PostRecord[], page: PageRequest): string | null {
  const last = records[records.length - 1];
  return records.length === page.limit && last ? String(last.seq) : null;
}

/**
 * A page of posts as JSON, `{ posts, next }` (or a thread's `{ post, ancestors?, replies, next }`),
 * holding as many of them as the answer's byte budget allows: when the budget cuts the page
 * short, `next` continues right after the last one sent. `shown` are `records` as the reader sees
 * them; `lead`, what comes before the list (a thread's post and what it answers). `next`: where a
 * full page continues, when the list knows better than its last post (a search).
 */
export function pageAnswer(
  member: "posts" | "replies",
  shown: Post[],
  records: PostRecord[],
  page: PageRequest,
  lead: Record<string, Post | Post[]> = {},
  next: string | null = nextCursor(records, page),
): Response {
  const head = Object.entries(lead)
    .map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)},`)
    .join("");
  const fitted = fitItems(shown, ANSWER_BUDGET_BYTES - Buffer.byteLength(head) - 1024);
  if (fitted.length < records.length) next = String(records[fitted.length - 1]!.seq);
  return jsonText(`{${head}"${member}":[${fitted.join(",")}],"next":${JSON.stringify(next)}}`);
}

/** A timeline or profile page for its reader. */
export async function postPage(
  call: Call,
  reader: number | null,
  records: PostRecord[],
  page: PageRequest,
): Promise<Response> {
  return pageAnswer("posts", await postsForReader(call, reader, records), records, page);
}
