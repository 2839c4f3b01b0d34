/** The most user-perceived characters a post may hold. */
export const POST_MAX_LENGTH = 500;

/**
 * The most UTF-16 code units a post may hold, whatever it counts as: graphemes alone do not bound
 * size, since "a" followed by 500,000 combining accents is one grapheme of 1 MB. No real
 * 500-character post comes near it: the longest user-perceived characters in use are emoji
 * sequences, and the longest of those are 15 code units (a kiss or a couple with two skin tones,
 * e.g. 🧑🏿‍❤️‍💋‍🧑🏻) or 14 (the flags of England, Scotland and Wales, written with tag characters);
 * a stacked Devanagari or Tibetan cluster is under 10. 500 × 15 = 7,500 < 8,000.
 */
export const POST_MAX_UTF16 = 8000;

/**
 * A post from another server may be longer than P92's 500 characters: it is kept whole up to this
 * many UTF-16 code units, and past it cut, with a link to read the rest on its server.
 */
export const REMOTE_POST_MAX_UTF16 = 20_000;

/** Made on first use: making one loads the locale's segmentation data, ~20 ms in a page's start. */
let segmenter: Intl.Segmenter | undefined;
// eslint-disable-next-line no-control-regex -- control characters are what this range is about
const PLAIN_ASCII = /^[\x00-\x0C\x0E-\x7F]*$/;

/**
 * Counts user-perceived characters (extended grapheme clusters, UAX #29), so a family emoji,
 * a flag or a letter with combining accents is one. The composer's counter and the server's
 * validation both call this, so they always agree.
 */
export function countPostLength(text: string): number {
  // In ASCII every character is a grapheme of its own, except CR LF which is one: most posts
  // need no segmenter at all.
  if (PLAIN_ASCII.test(text)) return text.length;
  let count = 0;
  // Iterating the segments avoids building an array for long texts.
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** Whether a post's text is within both bounds: 500 characters and 8,000 code units. */
export function isPostTextWithinLimits(text: string): boolean {
  return text.length <= POST_MAX_UTF16 && countPostLength(text) <= POST_MAX_LENGTH;
}

// eslint-disable-next-line no-control-regex -- control characters are what this range is about
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/** Control characters other than tab and line breaks are never part of a post (NUL least of all). */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

export function withoutControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL.source, "g"), "");
}

/** How many characters are left before the limit; negative past it. */
export function remainingPostLength(text: string): number {
  return POST_MAX_LENGTH - countPostLength(text);
}
