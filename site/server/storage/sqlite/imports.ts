import type { ImportedPostResult } from "../../../../shared/schema/archive-import.ts";
import { IS_DELETED } from "../rows/deletions.ts";
import {
  earlierTextRows,
  foreignUpload,
  IMPORTED_POST,
  IMPORTED_SOURCES_SQLITE,
  importedInsert,
  resultOf,
  type ImportedPostRecord,
  type ImportOutcome,
} from "../rows/imports.ts";
import { INSERT_EDIT } from "../rows/post-edits.ts";
import { REPLY_RULE, replyAllowed, type ReplyRuleRow } from "../rows/posts.ts";
import { attachMedia, mediaByIds } from "./media.ts";
import { insertPost, postAuthor } from "./posts.ts";
import { postIdByObjectUri } from "./remote-posts.ts";
import type { Statements } from "./statements.ts";

/** Store.importPosts (rows/imports.ts): a batch, all of it or (an upload not theirs) none. */
export function importPosts(
  s: Statements,
  accountId: number,
  posts: ImportedPostRecord[],
  localHost: string,
): ImportOutcome {
  if (s.get(IS_DELETED, accountId)) return { status: "account_deleted" };
  const stored = mediaByIds(
    s,
    posts.flatMap((post) => post.media.map((m) => m.id)),
  );
  for (const post of posts) {
    const foreign = foreignUpload(post, accountId, stored);
    if (foreign !== null) return { status: "not_found", field: "media", id: foreign };
  }
  const results: ImportedPostResult[] = [];
  for (const post of posts) {
    const existing = s.get<{ id: string }>(IMPORTED_POST, accountId, post.source);
    if (existing) {
      results.push(resultOf(post, existing.id, "existing"));
      continue;
    }
    const links = {
      replyTo: linkedPost(s, accountId, post.replyTo, post.localReplyTo, localHost),
      quoteOf: linkedPost(s, accountId, post.quoteOf, post.localQuoteOf),
    };
    const row = importedInsert(accountId, post, stored, links);
    if (!insertPost(s, accountId, row, "postRestored")) throw new Error(`post id ${row.id} taken`);
    attachMedia(
      s,
      post.media.map((m) => m.id),
    );
    for (const earlier of earlierTextRows(post)) s.run(INSERT_EDIT, row.id, earlier.text, earlier.replacedAt);
    results.push(resultOf(post, row.id, "created", links));
  }
  return { status: "imported", results };
}

/**
 * The post an imported one answers or quotes, here (rows/imports.ts), if the
 * account may read it and, for a reply (`localHost` given), its author's rule lets it reply.
 */
function linkedPost(
  s: Statements,
  accountId: number,
  url: string | null,
  localId: string | null,
  localHost?: string,
): string | null {
  if (url === null) return null;
  const id = s.get<{ id: string }>(IMPORTED_POST, accountId, url)?.id ?? localId ?? postIdByObjectUri(s, url);
  const post = id === null ? null : postAuthor(s, id, accountId);
  if (!post || post.deleted) return null;
  if (localHost !== undefined && !replyAllowed(s.get<ReplyRuleRow>(REPLY_RULE, id, accountId), localHost))
    return null;
  return id;
}

/** Store.importedSources: which of these addresses the account imported posts from. */
export function importedSources(s: Statements, accountId: number, sources: string[]): string[] {
  return s
    .all<{ imported_from: string }>(IMPORTED_SOURCES_SQLITE, accountId, JSON.stringify(sources))
    .map((row) => row.imported_from);
}
