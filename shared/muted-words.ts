/**
 * Muted words: a word or a phrase someone does not want to read, optionally until a given time.
 * Compared whole words only ("cat" hides "Cat!" and "#cat", not "category"), whatever the case
 * or accents ("cafe" hides "Café"), a phrase's words in order across any spacing.
 */

export interface MutedWord {
  word: string;
  /** ISO time it stops applying; null: until it is removed. */
  until: string | null;
}

/** The longest muted word or phrase, in characters, and how many one may keep. */
export const MUTED_WORD_MAX_LENGTH = 100;
export const MUTED_WORDS_MAX = 200;

/** Text as it is compared: compatibility forms folded (ﬁ is fi), accents removed, lower case. */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** `word` as it is kept: folded spacing, trimmed; null when nothing is left or it is too long. */
export function readMutedWord(word: string): string | null {
  const kept = word.replace(/\s+/g, " ").trim();
  return kept && kept.length <= MUTED_WORD_MAX_LENGTH ? kept : null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A test of whether a text holds one of the muted words still in force at `now` (milliseconds);
 * built once for many texts.
 */
export function mutedWordTest(words: readonly MutedWord[], now: number): (text: string) => boolean {
  const alternatives = words
    .filter((w) => w.until === null || Date.parse(w.until) > now)
    .map((w) => foldText(w.word).trim().split(/\s+/).filter(Boolean).map(escape).join("\\s+"))
    .filter(Boolean);
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, "u");
  return (text) => pattern.test(foldText(text));
}
