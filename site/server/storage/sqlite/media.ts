import type { MediaRecord } from "../store.ts";
import type { Statements } from "./statements.ts";

interface MediaRow {
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
}

function toRecord(row: MediaRow): MediaRecord {
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
  };
}

export function mediaById(s: Statements, id: string): MediaRecord | null {
  const row = s.get<MediaRow>("SELECT * FROM media WHERE id = ?", id);
  return row ? toRecord(row) : null;
}

/** Many media records in one query, keyed by id; ids with no record are absent. */
export function mediaByIds(s: Statements, ids: string[]): Map<string, MediaRecord> {
  if (ids.length === 0) return new Map();
  const rows = s.all<MediaRow>(
    "SELECT * FROM media WHERE id IN (SELECT value FROM json_each(?))",
    JSON.stringify(ids),
  );
  return new Map(rows.map((row) => [row.id, toRecord(row)]));
}

export function insertMedia(s: Statements, media: MediaRecord): void {
  s.run(
    `INSERT INTO media (id, owner_id, kind, mime_type, file, size, preview_file, width, height, duration, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
  );
}
