import { ApiFailure } from "../../../shared/api-failure.ts";
import { extractLinks } from "../../../shared/post-text.ts";
import {
  IMPORT_BATCH_BYTES,
  importedDatesProblem,
  KnownSources,
  PostImport,
  type ImportedPost,
} from "../../../shared/schema/archive-import.ts";
import { json, readJson, requireAccount, type Call } from "../http/endpoint.ts";
import { notFound } from "../http/errors.ts";
import { spendWrite } from "../http/write-limits.ts";
import { accountDeleted } from "../operations.ts";
import { localPostIdOf } from "../serialize.ts";
import type { ImportedPostRecord } from "../storage/rows/imports.ts";

/**
 * POST /api/me/import/posts: a batch of posts from a P92 archive (shared/schema/archive-import.ts),
 * stored with their own dates; answers each post's id here and whether this batch created it.
 * Spends a post of the account's and the address's allowance per post sent (media uploads spend
 * their own).
 */
export async function importPosts(call: Call): Promise<Response> {
  const accountId = await requireAccount(call);
  const { posts } = await readJson(call.request, PostImport, IMPORT_BATCH_BYTES);
  posts.forEach(checkDates);
  // As many posts as posting them one by one would spend: an import is no way around the limit.
  await spendWrite(call, accountId, "post", posts.length);
  const { publicUrl } = call.runtime.config;
  const records = posts.map((post): ImportedPostRecord => ({
    ...post,
    links: extractLinks(post.text),
    localReplyTo: post.replyTo === null ? null : localPostIdOf(publicUrl, post.replyTo),
    localQuoteOf: post.quoteOf === null ? null : localPostIdOf(publicUrl, post.quoteOf),
  }));
  const outcome = await call.runtime.store.importPosts(accountId, records, new URL(publicUrl).host);
  if (outcome.status === "account_deleted") throw accountDeleted();
  if (outcome.status === "not_found") throw notFound(`Media ${outcome.id}`, "media");
  return json({ results: outcome.results });
}

/** A post cannot come from the future, nor be edited before it was written. */
function checkDates(post: ImportedPost, index: number): void {
  const problem = importedDatesProblem(post);
  if (problem) {
    const field = `posts.${index}.${problem.field}`;
    throw new ApiFailure(422, "invalid", `${field}: ${problem.message}`, field);
  }
}

/** POST /api/me/import/known: which of these addresses the account imported posts from already. */
export async function knownSources(call: Call): Promise<Response> {
  const accountId = await requireAccount(call);
  const { sources } = await readJson(call.request, KnownSources);
  return json({ known: await call.runtime.store.importedSources(accountId, sources) });
}
