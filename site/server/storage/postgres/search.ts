import { visibleTo, shownTo } from "../rows/relations.ts";
import { searchWords, type SearchQuery } from "../../../../shared/search-text.ts";
import type { AccountRecord, PageRequest, PostRecord, SearchPage } from "../records.ts";
import {
  ACCOUNT_CANDIDATES,
  accountWords,
  MATCHES_SCANNED,
  POST_SCAN_FACTOR,
  postWords,
  RELATED_SCANNED,
} from "../rows/search.ts";
import { toRecords as toAccounts } from "./accounts.ts";
import { COLUMNS, type AccountRow } from "../rows/accounts.ts";
import type { Queries } from "./db.ts";
import { toRecords as toPosts } from "./posts.ts";
import { SELECT_POST, type PostRow } from "../rows/posts.ts";

/**
 * Full-text search on PostgreSQL: what SQLite's FTS5 indexes (see sqlite/search.ts), kept as
 * `tsvector`s of the words shared/search-text.ts splits (`searchWords`), with GIN indexes, keyed
 * by the row they index:
 * - `accounts_search (id, words)`: the words of the handle (a remote handle's user part) and of the
 *   display name together (an FTS5 term matches any column);
 * - `posts_search (seq, words, tags)`: `words` the words of its text and content warning and its
 *   hashtags (an unqualified FTS5 term matches the tags column too), `tags` its hashtags alone.
 * Words are stored as they are (`array_to_tsvector`: no dictionary, no stemming) and asked by a
 * `tsquery` built here, each word a quoted lexeme (`:*` for a prefix). The tokenizer's work is done
 * by `searchWords`, which splits as FTS5's does (letters, digits, private use and marks make words,
 * each symbol is one); FTS5 also case-folds and strips Latin diacritics, which `searchableText`
 * has already done.
 */

/**
 * Letters FTS5's tokenizer folds into others (Unicode case folding) that `searchableText`'s
 * `toLowerCase` leaves: folded here on both sides too, so "οδοσ" finds "οδός" as on SQLite.
 */
const FOLDED: Record<string, string> = {
  "\u00b5": "\u03bc",
  "\u017f": "s",
  "\u03c2": "\u03c3",
  "\u03d0": "\u03b2",
  "\u03d1": "\u03b8",
  "\u03d5": "\u03c6",
  "\u03d6": "\u03c0",
  "\u03f0": "\u03ba",
  "\u03f1": "\u03c1",
  "\u03f5": "\u03b5",
};
const FOLDS = /[\u00b5\u017f\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5]/gu;

/**
 * PostgreSQL's longest lexeme (in UTF-8 bytes); a longer one fails the statement. Words are cut to
 * it on both sides, so a longer word is found by its first 2,047 bytes (FTS5 has no such limit).
 */
const LEXEME_MAX_BYTES = 2047;

/** A word as stored and asked: folded as FTS5 folds, at most LEXEME_MAX_BYTES long. */
function lexeme(word: string): string {
  const folded = word.replace(FOLDS, (c) => FOLDED[c]!);
  if (Buffer.byteLength(folded) <= LEXEME_MAX_BYTES) return folded;
  let cut = "";
  let bytes = 0;
  for (const char of folded) {
    bytes += Buffer.byteLength(char);
    if (bytes > LEXEME_MAX_BYTES) break;
    cut += char;
  }
  return cut;
}

const lexemes = (words: string[]) => words.filter((w) => w !== "").map(lexeme);

/** A tsquery operand: the word quoted, quotes and backslashes doubled; `:*` matches it as a prefix. */
const operand = (word: string, prefix: boolean) =>
  `'${lexeme(word).replaceAll("\\", "\\\\").replaceAll("'", "''")}'${prefix ? ":*" : ""}`;

/** The lexemes an account is found by: its handle's user part and its display name, together. */
function accountLexemes(handle: string, displayName: string): string[] {
  const words = accountWords(handle, displayName);
  return lexemes([...searchWords(words.handle), ...searchWords(words.name)]);
}

/** The lexemes of a post: its text, content warning and hashtags; and its hashtags apart. */
function postLexemes(text: string, contentWarning: string | null): { words: string[]; tags: string[] } {
  const words = postWords(text, contentWarning);
  const tags = words.tags.split(" ");
  return { words: lexemes([...searchWords(words.body), ...tags]), tags: lexemes(tags) };
}

/** Indexes (or re-indexes) an account. */
export async function indexAccount(
  q: Queries,
  id: number,
  handle: string,
  displayName: string,
): Promise<void> {
  await indexAccounts(q, [{ id, handle, displayName }]);
}

/** Indexes (or re-indexes) many accounts in one statement (a copy fills the index this way). */
export async function indexAccounts(
  q: Queries,
  accounts: { id: number; handle: string; displayName: string }[],
): Promise<void> {
  await q.run(
    `INSERT INTO accounts_search (id, words)
     SELECT v.id, array_to_tsvector(ARRAY(SELECT json_array_elements_text(v.words::json)))
     FROM unnest(?::int[], ?::text[]) AS v(id, words)
     ON CONFLICT (id) DO UPDATE SET words = excluded.words`,
    accounts.map((a) => a.id),
    accounts.map((a) => JSON.stringify(accountLexemes(a.handle, a.displayName))),
  );
}

export async function unindexAccount(q: Queries, id: number): Promise<void> {
  await q.run("DELETE FROM accounts_search WHERE id = ?", id);
}

/** Indexes a post by its seq; `edited`: it was indexed before, with other words. */
export async function indexPost(
  q: Queries,
  seq: number,
  text: string,
  contentWarning: string | null,
  edited = false,
): Promise<void> {
  if (edited) await unindexPost(q, seq);
  await indexPosts(q, [{ seq, text, contentWarning }]);
}

/** Indexes many posts (not indexed yet) in one statement. */
export async function indexPosts(
  q: Queries,
  posts: { seq: number; text: string; contentWarning: string | null }[],
): Promise<void> {
  const found = posts.map((p) => postLexemes(p.text, p.contentWarning));
  await q.run(
    `INSERT INTO posts_search (seq, words, tags)
     SELECT v.seq, array_to_tsvector(ARRAY(SELECT json_array_elements_text(v.words::json))),
       array_to_tsvector(ARRAY(SELECT json_array_elements_text(v.tags::json)))
     FROM unnest(?::bigint[], ?::text[], ?::text[]) AS v(seq, words, tags)`,
    posts.map((p) => p.seq),
    found.map((f) => JSON.stringify(f.words)),
    found.map((f) => JSON.stringify(f.tags)),
  );
}

export async function unindexPost(q: Queries, seq: number): Promise<void> {
  await q.run("DELETE FROM posts_search WHERE seq = ?", seq);
}

/**
 * As on SQLite (see sqlite/search.ts): people whose handle or name has words starting with every
 * word asked, best first, among the same candidates. FTS5 returns matches by rowid, so the first
 * matches here are the lowest ids too.
 */
export async function searchAccounts(
  q: Queries,
  query: SearchQuery,
  reader: number | null,
  limit: number,
): Promise<AccountRecord[]> {
  const words = [...query.words, ...query.tags];
  if (words.length === 0) return [];
  const match = words.map((w) => operand(w, true)).join(" & ");
  const exact = query.handle;
  const rows = await q.allNamed<AccountRow>(
    `WITH matched(id) AS MATERIALIZED (
       SELECT id FROM accounts_search WHERE words @@ :match::tsquery ORDER BY id LIMIT :scan),
     related(id) AS MATERIALIZED (
       (SELECT followee_id FROM follows WHERE follower_id = :reader ORDER BY followee_id LIMIT :related)
       UNION (SELECT follower_id FROM follows WHERE followee_id = :reader ORDER BY follower_id LIMIT :related)),
     known(id) AS MATERIALIZED (SELECT id FROM matched WHERE id IN (SELECT id FROM related)),
     candidates(id) AS (
       SELECT id FROM known
       UNION (SELECT id FROM matched ORDER BY id LIMIT :candidates)
       UNION SELECT id FROM accounts WHERE handle = :exact)
     SELECT ${COLUMNS} FROM accounts a
     WHERE a.id IN (SELECT id FROM candidates) AND a.deleted_at IS NULL
       AND ${visibleTo(":reader", "a.id")}
     ORDER BY a.id IN (SELECT id FROM known) DESC, a.instagram_proven DESC, a.handle = :exact DESC,
       a.follower_count DESC, a.id
     LIMIT :limit`,
    {
      match,
      scan: MATCHES_SCANNED,
      reader: reader ?? -1,
      related: RELATED_SCANNED,
      candidates: ACCOUNT_CANDIDATES,
      exact,
      limit,
    },
  );
  return toAccounts(q, rows);
}

/**
 * As on SQLite (see sqlite/search.ts): posts holding every word asked (the last one as a prefix,
 * from three letters on) and every hashtag (in their tags), newest first, among those the reader
 * may find.
 */
export async function searchPosts(
  q: Queries,
  query: SearchQuery,
  reader: number | null,
  page: PageRequest,
): Promise<SearchPage> {
  if (query.words.length === 0 && query.tags.length === 0) return { posts: [], next: null };
  const scan = page.limit * POST_SCAN_FACTOR;
  const conditions: string[] = [];
  const params: Record<string, string | number> = { before: page.before ?? Number.MAX_SAFE_INTEGER, scan };
  if (query.words.length > 0) {
    conditions.push("words @@ :words::tsquery");
    params.words = query.words
      .map((w, i) => operand(w, i === query.words.length - 1 && w.length >= 3))
      .join(" & ");
  }
  if (query.tags.length > 0) {
    conditions.push("tags @@ :tags::tsquery");
    params.tags = query.tags.map((t) => operand(t, false)).join(" & ");
  }
  const candidates = await q.allNamed<{ seq: number }>(
    `SELECT seq FROM posts_search WHERE ${conditions.join(" AND ")} AND seq < :before
     ORDER BY seq DESC LIMIT :scan`,
    params,
  );
  if (candidates.length === 0) return { posts: [], next: null };
  const rows = await q.allNamed<PostRow>(
    `${SELECT_POST}
     WHERE p.seq = ANY(:seqs::bigint[]) AND p.deleted_at IS NULL
       AND (p.visibility = 'public' OR p.author_id = :reader
         OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = :reader))
       AND ${shownTo(":reader", "p.author_id")}
     ORDER BY p.seq DESC LIMIT :limit`,
    { seqs: candidates.map((c) => c.seq), reader: reader ?? -1, limit: page.limit },
  );
  const posts: PostRecord[] = await toPosts(q, rows);
  // A full page continues after its last post; a short one after the last candidate looked at,
  // when there may be more to look at.
  const next =
    posts.length === page.limit
      ? posts[posts.length - 1]!.seq
      : candidates.length === scan
        ? candidates[candidates.length - 1]!.seq
        : null;
  return { posts, next };
}
