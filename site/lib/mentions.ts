/**
 * The mention being typed in the composer: `@` at a word start, then what is typed of a handle,
 * a name (letters of any script: "@Léa" finds lea.martin) or `user@host`, up to the caret.
 */
const TYPING = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{M}\p{N}._-]{1,64}(?:@[A-Za-z0-9.:-]{0,253})?)$/u;

export interface TypedMention {
  /** Where its `@` is in the text. */
  start: number;
  /** What follows the `@`, up to the caret. */
  query: string;
}

/** The mention typed just before `caret`, or null when the caret is not in one. */
export function mentionAt(text: string, caret: number): TypedMention | null {
  // A handle and a host are at most a few hundred characters: only that much is looked at.
  const from = Math.max(0, caret - 330);
  const match = TYPING.exec(text.slice(from, caret));
  return match ? { start: from + match.index, query: match[1]! } : null;
}

/**
 * The text with the typed mention replaced by `@handle` and a space (`user@host` for someone
 * elsewhere), and where the caret goes: right after it.
 */
export function insertMention(
  text: string,
  mention: TypedMention,
  handle: string,
): { text: string; caret: number } {
  const end = mention.start + 1 + mention.query.length;
  const inserted = `@${handle} `;
  const rest = text.slice(end).replace(/^ /, "");
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}

/** Whether an account can be what was typed: by its handle, and by its host once one is typed. */
export function fitsTyped(handle: string, query: string): boolean {
  const at = query.indexOf("@");
  return at < 0 || handle.toLowerCase().startsWith(query.toLowerCase());
}
