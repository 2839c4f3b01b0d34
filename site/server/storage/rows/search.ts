import { tokenizePostText } from "../../../../shared/post-text.ts";
import { searchableText, searchWords } from "../../../../shared/search-text.ts";

/** Full-text search: what both dialects index and how far they look (see sqlite/search.ts). */

/** Posts scanned for one page: followers-only posts the reader may not see are skipped. */
export const POST_SCAN_FACTOR = 4;
/**
 * Accounts matching a short prefix ("a") are many. Ranking looks at every match among the reader's
 * follows and followers (the first 5,000 of each) within the first 50,000 matches, the exact
 * handle, and the first 2,000 other matches (by age): a search answers in milliseconds however many
 * people a server knows, and a name typed in full is found among all of them.
 */
export const MATCHES_SCANNED = 50_000;
export const RELATED_SCANNED = 5_000;
export const ACCOUNT_CANDIDATES = 2_000;

/** What an account is found by: its handle (a remote handle's user part) and its display name. */
export function accountWords(handle: string, displayName: string): { handle: string; name: string } {
  return { handle: searchableText(handle.split("@")[0]!), name: searchableText(displayName) };
}

/**
 * What a post is found by: its text with its content warning (`body`), and its hashtags apart
 * (`tags`, each one word, separated by spaces).
 */
export function postWords(text: string, contentWarning: string | null): { body: string; tags: string } {
  const tags = tokenizePostText(text).flatMap((t) =>
    t.kind === "hashtag" ? [searchWords(t.tag).join("")] : [],
  );
  return { body: searchableText(contentWarning ? `${contentWarning}\n${text}` : text), tags: tags.join(" ") };
}
