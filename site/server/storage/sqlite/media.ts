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
import type { Statements } from "./statements.ts";

export function mediaById(s: Statements, id: string): MediaRecord | null {
  const row = s.get<MediaRow>(`${SELECT_MEDIA} WHERE id = ?`, id);
  return row ? toRecord(row) : null;
}

/** Many media records in one query, keyed by id; ids with no record are absent. */
export function mediaByIds(s: Statements, ids: string[]): Map<string, MediaRecord> {
  if (ids.length === 0) return new Map();
  const rows = s.all<MediaRow>(
    `${SELECT_MEDIA} WHERE id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  return new Map(rows.map((row) => [row.id, toRecord(row)]));
}

/** Bytes of media this account keeps (the stored files, previews aside). */
export function mediaBytesUsed(s: Statements, accountId: number): number {
  return s.get<{ n: number }>(MEDIA_BYTES_USED, accountId)!.n;
}

/** Stores the record of an upload, unless it would take the account past its quota. */
export function insertMedia(s: Statements, media: MediaRecord, quotaBytes: number): "stored" | "over_quota" {
  if (mediaBytesUsed(s, media.ownerId) + media.size > quotaBytes) return "over_quota";
  s.run(INSERT_MEDIA, ...insertMediaParams(media));
  return "stored";
}

/** A post or a profile starts using these media (each id once): they are kept, and cacheable. */
export function attachMedia(s: Statements, ids: string[]): void {
  if (ids.length === 0) return;
  s.run(
    "UPDATE media SET refs = refs + 1 WHERE id IN (SELECT DISTINCT value FROM json_each(?))",
    JSON.stringify(ids),
  );
}

/**
 * A post or a profile stops using these media: those nothing uses any more are forgotten in the
 * caller's transaction, and their files added to `freed`, for the store to remove after commit.
 */
export function detachMedia(s: Statements, ids: string[], freed: string[]): void {
  if (ids.length === 0) return;
  const unused = s
    .all<{ id: string; file: string; preview_file: string | null; refs: number }>(
      `UPDATE media SET refs = max(refs - 1, 0) WHERE id IN (SELECT DISTINCT value FROM json_each(?))
       RETURNING id, file, preview_file, refs`,
      JSON.stringify(ids),
    )
    .filter((row) => row.refs === 0);
  if (unused.length === 0) return;
  s.run(
    "DELETE FROM media WHERE id IN (SELECT value FROM json_each(?))",
    JSON.stringify(unused.map((row) => row.id)),
  );
  freeFiles(unused, freed);
}

/** Uploads never attached to anything, older than `before`: forgotten, files added to `freed`. */
export function removeUnattachedMedia(s: Statements, before: string, freed: string[]): number {
  const removed = s.all<{ file: string; preview_file: string | null }>(
    "DELETE FROM media WHERE refs = 0 AND created_at < ? RETURNING file, preview_file",
    before,
  );
  freeFiles(removed, freed);
  return removed.length;
}

/** Which of these media ids the database knows. */
export function knownMediaIds(s: Statements, ids: string[]): Set<string> {
  const rows = s.all<{ id: string }>(
    "SELECT id FROM media WHERE id IN (SELECT value FROM json_each(?))",
    JSON.stringify(ids),
  );
  return new Set(rows.map((row) => row.id));
}
