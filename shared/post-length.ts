/** The most user-perceived characters a post may hold. */
export const POST_MAX_LENGTH = 500;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
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
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/** How many characters are left before the limit; negative past it. */
export function remainingPostLength(text: string): number {
  return POST_MAX_LENGTH - countPostLength(text);
}
