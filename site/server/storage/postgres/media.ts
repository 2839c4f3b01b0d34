import type { MediaRecord } from "../records.ts";
import {
  MEDIA_BYTES_USED,
  freeFiles,
  INSERT_MEDIA,
  insertMediaParams,
  SELECT_MEDIA,
  toRecord,
  type MediaRow,
} from "../rows/media.ts";
import type { Queries } from "./db.ts";

/** Media records, as on SQLite (see sqlite/media.ts). */

/**
 * The advisory lock (two-key space, so apart from the change log's one-key lock) that makes an
 * account's uploads one at a time: see insertMedia.
 */
const UPLOAD_LOCK = 92_0002;

export async function mediaById(q: Queries, id: string): Promise<MediaRecord | null> {
  const row = await q.get<MediaRow>(`${SELECT_MEDIA} WHERE id = ?`, id);
  return row ? toRecord(row) : null;
}

/** Many media records in one query, keyed by id; ids with no record are absent. */
export async function mediaByIds(q: Queries, ids: string[]): Promise<Map<string, MediaRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await q.all<MediaRow>(`${SELECT_MEDIA} WHERE id = ANY(?::text[])`, ids);
  return new Map(rows.map((row) => [row.id, toRecord(row)]));
}

/**
 * Bytes of media this account keeps (the stored files, previews aside). `sum` of a bigint is a
 * numeric (a string in JS): cast back to bigint.
 */
export async function mediaBytesUsed(q: Queries, accountId: number): Promise<number> {
  return Number((await q.get<{ n: number | string }>(MEDIA_BYTES_USED, accountId))!.n);
}

/**
 * Stores the record of an upload, unless it would take the account past its quota. On SQLite
 * the one writer makes the check and the insert atomic; here uploads run outside the change log's
 * lock, so the account's upload lock is taken first: two uploads of one account at once are
 * checked one after the other (the second's sum, a new statement, sees the first once committed).
 */
export async function insertMedia(
  q: Queries,
  media: MediaRecord,
  quotaBytes: number,
): Promise<"stored" | "over_quota"> {
  await q.run("SELECT pg_advisory_xact_lock(?::int, ?::int)", UPLOAD_LOCK, media.ownerId);
  if ((await mediaBytesUsed(q, media.ownerId)) + media.size > quotaBytes) return "over_quota";
  await q.run(INSERT_MEDIA, ...insertMediaParams(media));
  return "stored";
}

/** A post or a profile starts using these media (each id once): they are kept, and cacheable. */
export async function attachMedia(q: Queries, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  // `= ANY` matches each row once however often its id is listed (SQLite's DISTINCT).
  await q.run("UPDATE media SET refs = refs + 1 WHERE id = ANY(?::text[])", ids);
}

/**
 * A post or a profile stops using these media: those nothing uses any more are forgotten in the
 * caller's transaction, and their files added to `freed`, for the store to remove after commit.
 */
export async function detachMedia(q: Queries, ids: string[], freed: string[]): Promise<void> {
  if (ids.length === 0) return;
  const unused = (
    await q.all<{ id: string; file: string; preview_file: string | null; refs: number }>(
      `UPDATE media SET refs = GREATEST(refs - 1, 0) WHERE id = ANY(?::text[])
       RETURNING id, file, preview_file, refs`,
      ids,
    )
  ).filter((row) => row.refs === 0);
  if (unused.length === 0) return;
  await q.run(
    "DELETE FROM media WHERE id = ANY(?::text[])",
    unused.map((row) => row.id),
  );
  freeFiles(unused, freed);
}

/** Uploads never attached to anything, older than `before`: forgotten, files added to `freed`. */
export async function removeUnattachedMedia(q: Queries, before: string, freed: string[]): Promise<number> {
  const removed = await q.all<{ file: string; preview_file: string | null }>(
    "DELETE FROM media WHERE refs = 0 AND created_at < ? RETURNING file, preview_file",
    before,
  );
  freeFiles(removed, freed);
  return removed.length;
}

/** Which of these media ids the database knows. */
export async function knownMediaIds(q: Queries, ids: string[]): Promise<Set<string>> {
  const rows = await q.all<{ id: string }>("SELECT id FROM media WHERE id = ANY(?::text[])", ids);
  return new Set(rows.map((row) => row.id));
}
