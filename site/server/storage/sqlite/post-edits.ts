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
import { indexPost } from "./search.ts";
import type { Statements } from "./statements.ts";

/** An author's edit of their post's text (see rows/post-edits.ts): the text replaced is kept. */
export function editPost(s: Statements, accountId: number, edit: PostEdit): OpOutcome {
  const row = s.get<EditedRow>(EDITED_POST, edit.postId);
  const refusal = editRefusal(row, accountId, edit);
  if (refusal === "unchanged") return { status: "done" };
  if (refusal) return refusal;
  const at = now();
  s.run(INSERT_EDIT, edit.postId, row!.text, at);
  s.run(UPDATE_EDITED, edit.text, JSON.stringify(edit.links), at, edit.postId);
  indexPost(s, row!.seq, edit.text, row!.content_warning, true);
  logChange(s, { kind: "postEdited", accountId, postId: edit.postId, postAuthorId: accountId });
  return { status: "done" };
}

/** The texts a post had before its edits, newest first. */
export function earlierTextsOf(s: Statements, postId: string): EarlierText[] {
  return earlierTexts(s.all<{ text: string; replaced_at: string }>(EARLIER_TEXTS, postId));
}
