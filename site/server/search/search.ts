import { MAX_PEOPLE_RESULTS } from "../../../shared/api.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { parseSearchQuery, type SearchQuery } from "../../../shared/search-text.ts";
import type { Call } from "../http/endpoint.ts";
import { json } from "../http/endpoint.ts";
import { pageAnswer, pageRequest, postsForReader, readerOf } from "../posts/pages.ts";
import { toAccount } from "../serialize.ts";

/** A query longer than this is refused rather than cut: no one types it. */
const MAX_QUERY_CHARACTERS = 2048;
const DEFAULT_PEOPLE_RESULTS = 10;

/** `?q=` of a search, read as words and hashtags (shared/search-text.ts). */
export function searchQuery(url: URL): SearchQuery {
  const q = url.searchParams.get("q");
  if (q === null) throw new ApiFailure(400, "missing_query", "Say what to search for: ?q=words", "q");
  if (q.length > MAX_QUERY_CHARACTERS)
    throw new ApiFailure(422, "invalid", `q must be at most ${MAX_QUERY_CHARACTERS} characters`, "q");
  return parseSearchQuery(q);
}

/** GET /api/search/accounts?q=&limit=: people here and known from elsewhere, best first. */
export async function searchPeople(call: Call): Promise<Response> {
  const url = call.context.url;
  const query = searchQuery(url);
  const limit = url.searchParams.get("limit");
  if (limit !== null && !/^\d{1,3}$/.test(limit))
    throw new ApiFailure(
      400,
      "invalid_limit",
      `limit must be a whole number, 1 to ${MAX_PEOPLE_RESULTS}`,
      "limit",
    );
  const count = Math.min(MAX_PEOPLE_RESULTS, Math.max(1, Number(limit ?? DEFAULT_PEOPLE_RESULTS)));
  const { store, config } = call.runtime;
  const accounts = await store.searchAccounts(query, await readerOf(call), count);
  return json({ accounts: accounts.map((a) => toAccount(config.publicUrl, a)) });
}

/** GET /api/search/posts?q=&before=&limit=: posts with those words and hashtags, newest first. */
export async function searchPostPage(call: Call): Promise<Response> {
  const url = call.context.url;
  const query = searchQuery(url);
  const page = pageRequest(url);
  const reader = await readerOf(call);
  const found = await call.runtime.store.searchPosts(query, reader, page);
  const shown = await postsForReader(call, reader, found.posts);
  return pageAnswer("posts", shown, found.posts, page, {}, found.next === null ? null : String(found.next));
}
