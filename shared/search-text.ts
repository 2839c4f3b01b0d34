/**
 * Text as search compares it, on the server (the full-text index) and on the device (people
 * already known): lower-case, without the marks people leave out when they type (Latin accents,
 * Arabic harakat, Hebrew points, emoji variation selectors), each symbol or emoji a word of its
 * own. So "lea" finds "Léa", "مرحبا" finds "مَرْحَبًا", and "🎉" finds "🎉party".
 */

/** Combining marks dropped after canonical decomposition (NFD); other scripts keep theirs. */
const DROPPED_MARKS =
  /[\u0300-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\ufe0e\ufe0f]/gu;
/** Symbols (emoji among them) stand alone: "🎉party" is the words "🎉" and "party". */
const SYMBOL = /[\p{So}\p{Extended_Pictographic}]/gu;
/** A word: letters, digits and the marks kept, or one symbol. The index's tokenizer agrees. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+|[\p{So}\p{Extended_Pictographic}]/gu;

/** The longest query searched; past it the rest is ignored. */
export const SEARCH_QUERY_MAX = 200;
/** Words of a query beyond these are ignored. */
export const SEARCH_WORDS_MAX = 8;

export function searchableText(text: string): string {
  return text
    .normalize("NFD")
    .replace(DROPPED_MARKS, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(SYMBOL, " $& ");
}

/** The words of a text as search compares them. */
export function searchWords(text: string): string[] {
  return searchableText(text).match(WORD) ?? [];
}

/** What someone typed into search, read as words and hashtags. */
export interface SearchQuery {
  /** Words, in order; the last may be unfinished (the person is still typing). */
  words: string[];
  /** Hashtags without their `#`, each as search compares it. */
  tags: string[];
  /** The whole query as a handle would be typed (`@Ana.M` is `ana.m`): an exact handle ranks first. */
  handle: string;
}

export function parseSearchQuery(raw: string): SearchQuery {
  const words: string[] = [];
  const tags: string[] = [];
  for (const part of raw.slice(0, SEARCH_QUERY_MAX).split(/\s+/u)) {
    const found = searchWords(part);
    if (part.startsWith("#") && found.length > 0) tags.push(found.join(""));
    else words.push(...found);
  }
  return {
    words: words.slice(0, SEARCH_WORDS_MAX),
    tags: tags.slice(0, SEARCH_WORDS_MAX),
    handle: raw.slice(0, SEARCH_QUERY_MAX).trim().replace(/^@/, "").toLowerCase(),
  };
}

/** Whether `text` has every word of `query` as the start of one of its words (people search). */
export function matchesPrefixes(text: string, query: string[]): boolean {
  const words = searchWords(text);
  return query.every((q) => words.some((w) => w.startsWith(q)));
}
