/**
 * Muted words: a word or a phrase someone does not want to read, optionally until a given time.
 * Compared whole words only ("cat" hides "Cat!" and "#cat", not "category"), whatever the case
 * or the accents of Latin, Greek and Cyrillic letters ("cafe" hides "Café"), a phrase's words in
 * order across any spacing. Scripts written without spaces between words (Chinese, Japanese,
 * Thai…) have no word edges to find: there a muted word is found anywhere, and so is one that
 * starts or ends with something other than a letter or digit (an emoji, punctuation).
 */

export interface MutedWord {
  word: string;
  /** ISO time it stops applying; null: until it is removed. */
  until: string | null;
}

/** The longest muted word or phrase, in characters, and how many one may keep. */
export const MUTED_WORD_MAX_LENGTH = 100;
export const MUTED_WORDS_MAX = 200;

/**
 * Text as it is compared: compatibility forms folded (ﬁ is fi), the accents of Latin, Greek and
 * Cyrillic letters removed (elsewhere a mark makes another letter: का is not क), typographic
 * apostrophes as plain ones, lower case.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/(?<=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, "")
    .normalize("NFC")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase();
}

/**
 * `word` as it is kept: spacing folded, trimmed; null when nothing visible is left (only marks
 * or spaces) or it is too long.
 */
export function readMutedWord(word: string): string | null {
  const kept = word.replace(/\s+/g, " ").trim();
  const visible = /[^\p{M}\p{Z}\p{C}]/u.test(kept);
  return visible && kept.length <= MUTED_WORD_MAX_LENGTH ? kept : null;
}

/** Whether two muted words are the same once compared as text is. */
export const sameMutedWord = (a: string, b: string) => foldText(a) === foldText(b);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A letter or digit of a script that separates its words by spaces (or punctuation). */
const SPACED = String.raw`(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])[\p{L}\p{N}_])`;
/** Built on first use: a pattern over Unicode scripts costs a page's first paint to compile. */
let spacedAt: RegExp | null = null;

/** One muted word as a pattern: edges checked only where the word has one to check. */
function patternOf(word: string): string | null {
  const folded = foldText(word).trim();
  if (!folded) return null;
  const body = folded.split(/\s+/).map(escape).join("\\s+");
  const chars = [...folded];
  spacedAt ??= new RegExp(`^${SPACED}`, "u");
  const before = spacedAt.test(chars[0]!) ? `(?<!${SPACED})` : "";
  const after = spacedAt.test(chars[chars.length - 1]!) ? `(?!${SPACED})` : "";
  return `${before}${body}${after}`;
}

/**
 * A test of whether a text holds one of the muted words still in force at `now` (milliseconds);
 * built once for many texts.
 */
export function mutedWordTest(words: readonly MutedWord[], now: number): (text: string) => boolean {
  const alternatives = words
    .filter((w) => w.until === null || Date.parse(w.until) > now)
    .flatMap((w) => patternOf(w.word) ?? []);
  if (alternatives.length === 0) return () => false;
  const pattern = new RegExp(alternatives.map((a) => `(?:${a})`).join("|"), "u");
  return (text) => pattern.test(foldText(text));
}
