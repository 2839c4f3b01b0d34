import { LIMITS } from "../../../../shared/input-rules.ts";
import type { EarlierText } from "../../../../shared/api.ts";
import type { OpOutcome } from "../store.ts";

/**
 * Editing a post of this server: its author replaces the text (not its media) within a while of
 * posting (`editableFrom`, from the server's configuration: see ../../operations.ts). Each text
 * replaced is kept for the author (GET /api/posts/:id/edits) until the post is deleted.
 */
export interface PostEdit {
  postId: string;
  text: string;
  /** The links found in the new text (shared/post-text.ts), as for a new post. */
  links: string[];
  /** A post created before this time can no longer be edited. */
  editableFrom: string;
}

export type { EarlierText };

/** How many times one post may be edited: each edit keeps the text it replaced. */
export const MAX_POST_EDITS = LIMITS.postEdits;

export interface EditedRow {
  seq: number;
  author_id: number;
  deleted_at: string | null;
  text: string;
  media: string;
  created_at: string;
  content_warning: string | null;
  edits: number;
}

export const EDITED_POST = `SELECT seq, author_id, deleted_at, text, media, created_at, content_warning,
    (SELECT count(*) FROM post_edits e WHERE e.post_id = p.id) AS edits
  FROM posts p WHERE p.id = ?`;

export const INSERT_EDIT = "INSERT INTO post_edits (post_id, text, replaced_at) VALUES (?, ?, ?)";

export const UPDATE_EDITED = "UPDATE posts SET text = ?, links = ?, edited_at = ? WHERE id = ?";

export const EARLIER_TEXTS = `SELECT text, replaced_at FROM post_edits WHERE post_id = ? ORDER BY seq DESC LIMIT ${MAX_POST_EDITS}`;

/**
 * Whether the edit may be made, and how it is refused if not; "unchanged" when it would change
 * nothing (a retry of an edit already made answers done again).
 */
export function editRefusal(
  row: EditedRow | undefined,
  accountId: number,
  edit: PostEdit,
): Exclude<OpOutcome, { status: "created" | "existing" }> | "unchanged" | null {
  if (!row || row.deleted_at !== null) return { status: "not_found", field: "postId", id: edit.postId };
  if (row.author_id !== accountId) return { status: "forbidden" };
  if (row.text === edit.text) return "unchanged";
  if (row.created_at < edit.editableFrom) return { status: "too_late" };
  if (edit.text.trim() === "" && row.media === "[]") return { status: "empty" };
  if (Number(row.edits) >= MAX_POST_EDITS) return { status: "too_many_edits" };
  return null;
}

export function earlierTexts(rows: { text: string; replaced_at: string }[]): EarlierText[] {
  return rows.map((row) => ({ text: row.text, replacedAt: row.replaced_at }));
}
