import { visibleTo, shownTo } from "../rows/relations.ts";
import type { DatabaseSync } from "node:sqlite";
import type { SearchQuery } from "../../../../shared/search-text.ts";
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
import { toRecords as toPosts } from "./posts.ts";
import { SELECT_POST, type PostRow } from "../rows/posts.ts";
import type { Statements } from "./statements.ts";

/**
 * Full-text search (SQLite FTS5). Two contentless indexes (`contentless_delete`: the text is not
 * stored twice, rows can still be removed), keyed by the row they index:
 * - `accounts_search` (rowid = account id): the handle (a remote handle's user part) and the
 *   display name;
 * - `posts_search` (rowid = the post's seq): its text with its content warning, and its hashtags
 *   apart, so `#lyon` finds the tag and `lyon` finds both.
 * What is indexed and what is asked are both passed through `searchableText` (shared/search-text.ts)
 * first, and the tokenizer (migration 9) is `unicode61 remove_diacritics 2` with marks and symbols
 * as word characters (`categories 'L* N* Co M* So'`), so the two split text into the same words. Each write that changes what a row says updates its index row in
 * the same transaction.
 */

/** Indexes (or re-indexes) an account. */
export function indexAccount(s: Statements, id: number, handle: string, displayName: string): void {
  const words = accountWords(handle, displayName);
  s.run("DELETE FROM accounts_search WHERE rowid = ?", id);
  s.run("INSERT INTO accounts_search (rowid, handle, name) VALUES (?, ?, ?)", id, words.handle, words.name);
}

export function unindexAccount(s: Statements, id: number): void {
  s.run("DELETE FROM accounts_search WHERE rowid = ?", id);
}

/** Indexes a post by its seq; `edited`: it was indexed before, with other words. */
export function indexPost(
  s: Statements,
  seq: number,
  text: string,
  contentWarning: string | null,
  edited = false,
): void {
  const words = postWords(text, contentWarning);
  if (edited) unindexPost(s, seq);
  s.run("INSERT INTO posts_search (rowid, body, tags) VALUES (?, ?, ?)", seq, words.body, words.tags);
}

export function unindexPost(s: Statements, seq: number): void {
  s.run("DELETE FROM posts_search WHERE rowid = ?", seq);
}

/** An FTS5 string literal: the word quoted, its quotes doubled (FTS5 query syntax). */
const literal = (word: string) => `"${word.replaceAll('"', '""')}"`;

/**
 * People whose handle or name has words starting with every word asked ("lea" finds "Léa
 * Martin" and "lea.m"), best first: people the reader follows or who follow the reader, then
 * proven Instagram handles, then an exact handle, then the most followed (among the candidates
 * below). Deleted remote actors are left out.
 */
export function searchAccounts(
  s: Statements,
  query: SearchQuery,
  reader: number | null,
  limit: number,
): AccountRecord[] {
  const words = [...query.words, ...query.tags];
  if (words.length === 0) return [];
  const match = words.map((w) => `${literal(w)}*`).join(" ");
  const exact = query.handle;
  const rows = s.allNamed<AccountRow>(
    `WITH matched(id) AS MATERIALIZED (
       SELECT rowid FROM accounts_search WHERE accounts_search MATCH :match LIMIT :scan),
     related(id) AS MATERIALIZED (
       SELECT * FROM (SELECT followee_id FROM follows WHERE follower_id = :reader LIMIT :related)
       UNION SELECT * FROM (SELECT follower_id FROM follows WHERE followee_id = :reader LIMIT :related)),
     known(id) AS MATERIALIZED (SELECT id FROM matched WHERE id IN related),
     candidates(id) AS (
       SELECT id FROM known
       UNION SELECT * FROM (SELECT id FROM matched LIMIT :candidates)
       UNION SELECT id FROM accounts WHERE handle = :exact)
     SELECT ${COLUMNS} FROM accounts a
     WHERE a.id IN candidates AND a.deleted_at IS NULL AND ${visibleTo(":reader", "a.id")}
     ORDER BY a.id IN known DESC, a.instagram_proven DESC, a.handle = :exact DESC, a.follower_count DESC, a.id
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
  return toAccounts(s, rows);
}

/**
 * Posts holding every word asked (the last one as a prefix, from three letters on: the person may
 * still be typing it) and every hashtag, newest first, among those the reader may find: public
 * posts, and the reader's own and those of people they follow (whatever their visibility).
 * Deleted posts left the index when they were deleted.
 */
export function searchPosts(
  s: Statements,
  query: SearchQuery,
  reader: number | null,
  page: PageRequest,
): SearchPage {
  if (query.words.length === 0 && query.tags.length === 0) return { posts: [], next: null };
  const words = query.words.map((w, i) =>
    i === query.words.length - 1 && w.length >= 3 ? `${literal(w)}*` : literal(w),
  );
  const tags = query.tags.map((t) => `tags : ${literal(t)}`);
  const match = [...words, ...tags].join(" AND ");
  const scan = page.limit * POST_SCAN_FACTOR;
  const candidates = s.allNamed<{ seq: number }>(
    `SELECT rowid AS seq FROM posts_search WHERE posts_search MATCH :match AND rowid < :before
     ORDER BY rowid DESC LIMIT :scan`,
    { match, before: page.before ?? Number.MAX_SAFE_INTEGER, scan },
  );
  if (candidates.length === 0) return { posts: [], next: null };
  const rows = s.allNamed<PostRow>(
    `${SELECT_POST}
     WHERE p.seq IN (SELECT value FROM json_each(:seqs)) AND p.deleted_at IS NULL
       AND (p.visibility = 'public' OR p.author_id = :reader
         OR p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = :reader))
       AND ${shownTo(":reader", "p.author_id")}
     ORDER BY p.seq DESC LIMIT :limit`,
    { seqs: JSON.stringify(candidates.map((c) => c.seq)), reader: reader ?? -1, limit: page.limit },
  );
  const posts: PostRecord[] = toPosts(s, rows);
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

/** Fills both indexes from what is stored (the migration that creates them). */
export function indexEverything(db: DatabaseSync): void {
  const insertAccount = db.prepare("INSERT INTO accounts_search (rowid, handle, name) VALUES (?, ?, ?)");
  const accounts = db.prepare("SELECT id, handle, display_name FROM accounts WHERE deleted_at IS NULL");
  for (const row of accounts.iterate() as Iterable<{ id: number; handle: string; display_name: string }>) {
    const words = accountWords(row.handle, row.display_name);
    insertAccount.run(row.id, words.handle, words.name);
  }
  const insertPost = db.prepare("INSERT INTO posts_search (rowid, body, tags) VALUES (?, ?, ?)");
  const posts = db.prepare("SELECT seq, text, content_warning FROM posts WHERE deleted_at IS NULL");
  for (const row of posts.iterate() as Iterable<{
    seq: number;
    text: string;
    content_warning: string | null;
  }>) {
    const words = postWords(row.text, row.content_warning);
    insertPost.run(row.seq, words.body, words.tags);
  }
}
