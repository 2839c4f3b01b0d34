import {
  EARLIER_TEXTS,
  EDITED_POST,
  earlierTexts,
  editRefusal,
  INSERT_EDIT,
  UPDATE_EDITED,
  type EarlierText,
  type EditedRow,
  type PostEdit,
} from "../rows/post-edits.ts";
import { now } from "../rows/clock.ts";
import type { OpOutcome } from "../store.ts";
import { logChange } from "./changes-log.ts";
import type { Queries } from "./db.ts";
import { indexPost } from "./search.ts";

/** An author's edit of their post's text (see rows/post-edits.ts): the text replaced is kept. */
export async function editPost(q: Queries, accountId: number, edit: PostEdit): Promise<OpOutcome> {
  // Locked first, then read in a statement of its own: one that waited for the lock sees the
  // edit that held it (its count of edits too), under READ COMMITTED.
  await q.run("SELECT 1 FROM posts WHERE id = ? FOR UPDATE", edit.postId);
  const row = await q.get<EditedRow>(EDITED_POST, edit.postId);
  const refusal = editRefusal(row, accountId, edit);
  if (refusal === "unchanged") return { status: "done" };
  if (refusal) return refusal;
  const at = now();
  await q.run(INSERT_EDIT, edit.postId, row!.text, at);
  await q.run(UPDATE_EDITED, edit.text, JSON.stringify(edit.links), at, edit.postId);
  await indexPost(q, row!.seq, edit.text, row!.content_warning, true);
  await logChange(q, { kind: "postEdited", accountId, postId: edit.postId, postAuthorId: accountId });
  return { status: "done" };
}

/** The texts a post had before its edits, newest first. */
export async function earlierTextsOf(q: Queries, postId: string): Promise<EarlierText[]> {
  return earlierTexts(await q.all<{ text: string; replaced_at: string }>(EARLIER_TEXTS, postId));
}
