import type { ImportedPost, ImportedPostResult } from "../../../../shared/schema/archive-import.ts";
import { newId } from "../../../../shared/ids.ts";
import type { MediaRecord, PostMedia } from "../records.ts";
import { contentHash, type PostInsert } from "./posts.ts";

/**
 * Posts brought over from a P92 archive (shared/schema/archive-import.ts): each stored as its
 * author wrote it elsewhere, with its dates, and `imported_from` its address there, so importing
 * the same archive again finds each post instead of copying it twice. Imported posts go to their
 * author's and followers' devices (`postRestored`) but not to other servers: they are not news.
 */

/** An imported post as the route hands it over: links found, and what this server is. */
export interface ImportedPostRecord extends ImportedPost {
  links: string[];
  /** The ids here of the posts `replyTo` and `quoteOf` name, when they are posts of this server. */
  localReplyTo: string | null;
  localQuoteOf: string | null;
}

export type ImportOutcome =
  | { status: "imported"; results: ImportedPostResult[] }
  | { status: "not_found"; field: "media"; id: string }
  | { status: "account_deleted" };

/**
 * The post this account imported from an address: binds account, address. What an imported post
 * answers or quotes is looked for here first (each store's `linkedPost`), then among the posts of
 * this server (the address names one: `localReplyTo`, `localQuoteOf`), then among the posts from
 * elsewhere by ActivityPub id; it is linked only if the account may read it, it is not deleted
 * and, for a reply, its author's rule (who can reply) lets the account answer. Else the imported
 * post is kept without the link (`unlinked`).
 */
export const IMPORTED_POST = "SELECT id FROM posts WHERE author_id = ? AND imported_from = ?";

/** The addresses among `?` (a JSON array) this account imported posts from: binds account, array. */
export const IMPORTED_SOURCES_SQLITE =
  "SELECT imported_from FROM posts WHERE author_id = ? AND imported_from IN (SELECT value FROM json_each(?))";
export const IMPORTED_SOURCES_POSTGRES =
  "SELECT imported_from FROM posts WHERE author_id = ? AND imported_from = ANY(?::text[])";

/** The first upload of `post` that is not this account's (then nothing of the batch is stored). */
export function foreignUpload(
  post: ImportedPost,
  accountId: number,
  stored: Map<string, MediaRecord>,
): string | null {
  return post.media.find((m) => stored.get(m.id)?.ownerId !== accountId)?.id ?? null;
}

/** The row of an imported post: its id carries its original date, as a post written then would. */
export function importedInsert(
  accountId: number,
  post: ImportedPostRecord,
  stored: Map<string, MediaRecord>,
  links: { replyTo: string | null; quoteOf: string | null },
): PostInsert {
  const media: PostMedia[] = post.media.map((m) => ({ ...stored.get(m.id)!, alt: m.alt }));
  const storedMedia = post.media.map(({ id, alt }) => ({ id, alt }));
  const fields = {
    id: newId(Date.parse(post.createdAt)),
    text: post.text,
    links: post.links,
    media: storedMedia,
    replyTo: links.replyTo,
    quoteOf: links.quoteOf,
    replyPolicy: post.replyPolicy,
  };
  return {
    ...fields,
    media,
    storedMedia,
    createdAt: new Date(post.createdAt).toISOString(),
    editedAt: post.editedAt === null ? null : new Date(post.editedAt).toISOString(),
    contentHash: contentHash(accountId, fields),
    importedFrom: post.source,
    remote: null,
    contentWarning: post.contentWarning,
    sensitive: post.sensitive,
    visibility: post.visibility,
  };
}

/** An earlier text's rows, oldest first (posts.json lists them newest first). */
export function earlierTextRows(post: ImportedPost): { text: string; replacedAt: string }[] {
  return post.earlierTexts
    .map((e) => ({ text: e.text, replacedAt: new Date(e.replacedAt).toISOString() }))
    .reverse();
}

/** The result of one post, `unlinked` when what it answered or quoted was not found here. */
export function resultOf(
  post: ImportedPostRecord,
  id: string,
  status: "created" | "existing",
  links?: { replyTo: string | null; quoteOf: string | null },
): ImportedPostResult {
  const unlinked =
    links !== undefined &&
    ((post.replyTo !== null && links.replyTo === null) || (post.quoteOf !== null && links.quoteOf === null));
  return { source: post.source, id, status, ...(unlinked ? { unlinked: true } : {}) };
}
