import type { MediaRecord } from "../records.ts";

export interface MediaRow {
  id: string;
  owner_id: number;
  kind: "image" | "video";
  mime_type: string;
  file: string;
  size: number;
  preview_file: string | null;
  width: number | null;
  height: number | null;
  duration: number | null;
  created_at: string;
  refs: number;
}

export function toRecord(row: MediaRow): MediaRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind,
    mimeType: row.mime_type,
    file: row.file,
    size: row.size,
    previewFile: row.preview_file,
    width: row.width,
    height: row.height,
    duration: row.duration,
    createdAt: row.created_at,
    attached: row.refs > 0,
  };
}

export const SELECT_MEDIA = `SELECT id, owner_id, kind, mime_type, file, size, preview_file, width, height, duration,
  created_at, refs FROM media`;

/** Stores the record of an upload: binds `insertMediaParams(media)`. */
export const INSERT_MEDIA = `INSERT INTO media (id, owner_id, kind, mime_type, file, size, preview_file, width, height, duration, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function insertMediaParams(media: MediaRecord): (string | number | null)[] {
  return [
    media.id,
    media.ownerId,
    media.kind,
    media.mimeType,
    media.file,
    media.size,
    media.previewFile,
    media.width,
    media.height,
    media.duration,
    media.createdAt,
  ];
}

/** The files of media records being forgotten (each file, then its preview if any), added to `freed`. */
export function freeFiles(rows: { file: string; preview_file: string | null }[], freed: string[]): void {
  for (const row of rows) freed.push(row.file, ...(row.preview_file ? [row.preview_file] : []));
}

/**
 * The bytes an account's uploads take against its quota: all of them but those only open reports
 * still use (rows/reports.ts: the account deleted the post; they are the admins' now). Binds: account.
 */
export const MEDIA_BYTES_USED = `SELECT coalesce(sum(size), 0) AS n FROM media WHERE owner_id = ?
  AND NOT (refs > 0 AND refs <= (SELECT count(*) FROM report_media r WHERE r.media_id = media.id))`;
