import { ApiFailure } from "../../../shared/api-failure.ts";
import { extractLinks } from "../../../shared/post-text.ts";
import {
  IMPORT_BATCH_BYTES,
  KnownSources,
  PostImport,
  type ImportedPost,
} from "../../../shared/schema/archive-import.ts";
import { json, readJson, requireAccount, type Call } from "../http/endpoint.ts";
import { notFound } from "../http/errors.ts";
import { spendWrite } from "../http/write-limits.ts";
import { localPostIdOf } from "../serialize.ts";
import type { ImportedPostRecord } from "../storage/rows/imports.ts";

/** How far ahead of this server's clock a post's date may be (clocks differ a little). */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * POST /api/me/import/posts: a batch of posts from a P92 archive (shared/schema/archive-import.ts),
 * stored with their own dates; answers each post's id here and whether this batch created it.
 * One of the account's and the address's actions per batch (media uploads spend their own).
 */
export async function importPosts(call: Call): Promise<Response> {
  const accountId = await requireAccount(call);
  const { posts } = await readJson(call.request, PostImport, IMPORT_BATCH_BYTES);
  posts.forEach(checkDates);
  await spendWrite(call, accountId, "action");
  const { publicUrl } = call.runtime.config;
  const records = posts.map((post): ImportedPostRecord => ({
    ...post,
    links: extractLinks(post.text),
    localReplyTo: post.replyTo === null ? null : localPostIdOf(publicUrl, post.replyTo),
    localQuoteOf: post.quoteOf === null ? null : localPostIdOf(publicUrl, post.quoteOf),
  }));
  const outcome = await call.runtime.store.importPosts(accountId, records);
  if (outcome.status === "account_deleted")
    throw new ApiFailure(401, "unauthenticated", "This account is deleted");
  if (outcome.status === "not_found") throw notFound(`Media ${outcome.id}`, "media");
  return json({ results: outcome.results });
}

/** A post cannot come from the future, nor be edited before it was written. */
function checkDates(post: ImportedPost, index: number): void {
  const latest = Date.now() + CLOCK_SKEW_MS;
  const dates: [string, string][] = [
    ["createdAt", post.createdAt],
    ...(post.editedAt === null ? [] : [["editedAt", post.editedAt] as [string, string]]),
    ...post.earlierTexts.map((e, i): [string, string] => [`earlierTexts.${i}.replacedAt`, e.replacedAt]),
  ];
  for (const [field, date] of dates) {
    const at = Date.parse(date);
    if (at > latest || at < Date.parse(post.createdAt))
      throw new ApiFailure(
        422,
        "invalid",
        `posts.${index}.${field}: must lie between the post's creation and now`,
        `posts.${index}.${field}`,
      );
  }
}

/** POST /api/me/import/known: which of these addresses the account imported posts from already. */
export async function knownSources(call: Call): Promise<Response> {
  const accountId = await requireAccount(call);
  const { sources } = await readJson(call.request, KnownSources);
  return json({ known: await call.runtime.store.importedSources(accountId, sources) });
}
