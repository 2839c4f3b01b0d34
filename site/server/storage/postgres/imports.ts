import type { ImportedPostResult } from "../../../../shared/schema/archive-import.ts";
import { IS_DELETED } from "../rows/deletions.ts";
import {
  earlierTextRows,
  foreignUpload,
  IMPORTED_POST,
  IMPORTED_SOURCES_POSTGRES,
  importedInsert,
  resultOf,
  type ImportedPostRecord,
  type ImportOutcome,
} from "../rows/imports.ts";
import { INSERT_EDIT } from "../rows/post-edits.ts";
import { REPLY_RULE, replyAllowed, type ReplyRuleRow } from "../rows/posts.ts";
import type { Queries } from "./db.ts";
import { attachMedia, mediaByIds } from "./media.ts";
import { insertPost, postAuthor } from "./posts.ts";
import { postIdByObjectUri } from "./remote-posts.ts";

/**
 * As on SQLite. Two batches of one account never interleave: the wiring runs this holding the
 * change log's lock, and the unique index on (author, imported_from) would refuse a second copy.
 */
export async function importPosts(
  q: Queries,
  accountId: number,
  posts: ImportedPostRecord[],
  localHost: string,
): Promise<ImportOutcome> {
  if (await q.get(IS_DELETED, accountId)) return { status: "account_deleted" };
  const stored = await mediaByIds(
    q,
    posts.flatMap((post) => post.media.map((m) => m.id)),
  );
  for (const post of posts) {
    const foreign = foreignUpload(post, accountId, stored);
    if (foreign !== null) return { status: "not_found", field: "media", id: foreign };
  }
  const results: ImportedPostResult[] = [];
  for (const post of posts) {
    const existing = await q.get<{ id: string }>(IMPORTED_POST, accountId, post.source);
    if (existing) {
      results.push(resultOf(post, existing.id, "existing"));
      continue;
    }
    const links = {
      replyTo: await linkedPost(q, accountId, post.replyTo, post.localReplyTo, localHost),
      quoteOf: await linkedPost(q, accountId, post.quoteOf, post.localQuoteOf),
    };
    const row = importedInsert(accountId, post, stored, links);
    if (!(await insertPost(q, accountId, row, "postRestored"))) throw new Error(`post id ${row.id} taken`);
    await attachMedia(
      q,
      post.media.map((m) => m.id),
    );
    for (const earlier of earlierTextRows(post))
      await q.run(INSERT_EDIT, row.id, earlier.text, earlier.replacedAt);
    results.push(resultOf(post, row.id, "created", links));
  }
  return { status: "imported", results };
}

async function linkedPost(
  q: Queries,
  accountId: number,
  url: string | null,
  localId: string | null,
  localHost?: string,
): Promise<string | null> {
  if (url === null) return null;
  const own = await q.get<{ id: string }>(IMPORTED_POST, accountId, url);
  const id = own?.id ?? localId ?? (await postIdByObjectUri(q, url));
  const post = id === null ? null : await postAuthor(q, id, accountId);
  if (!post || post.deleted) return null;
  if (
    localHost !== undefined &&
    !replyAllowed(await q.get<ReplyRuleRow>(REPLY_RULE, id, accountId), localHost)
  )
    return null;
  return id;
}

export async function importedSources(q: Queries, accountId: number, sources: string[]): Promise<string[]> {
  const rows = await q.all<{ imported_from: string }>(IMPORTED_SOURCES_POSTGRES, accountId, sources);
  return rows.map((row) => row.imported_from);
}
