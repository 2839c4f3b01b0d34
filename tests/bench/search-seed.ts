import { createHash } from "node:crypto";
import { openDatabase } from "../../site/server/storage/sqlite.ts";
import { indexEverything } from "../../site/server/storage/sqlite/search.ts";

export interface SearchSeedSize {
  accounts: number;
  posts: number;
  /** Accounts the reader follows, and accounts following the reader. */
  related: number;
}

const FIRST = [
  "Léa",
  "Zoé",
  "Chloé",
  "Jérôme",
  "Gaëlle",
  "Noémie",
  "André",
  "Hélène",
  "Ana",
  "Lucas",
  "Mohammed",
  "Fatima",
  "Yuki",
  "Maëlys",
  "Inès",
  "Paul",
  "Camille",
  "Océane",
  "Raphaël",
  "Sofia",
];
const LAST = [
  "Martin",
  "Bernard",
  "Dubois",
  "Thomas",
  "Robert",
  "Richard",
  "Petit",
  "Durand",
  "Leroy",
  "Moreau",
  "Simon",
  "Laurent",
  "Lefèvre",
  "Michel",
  "García",
  "Müller",
  "Nguyen",
  "Haddad",
  "Sato",
  "Kowalski",
];
const SYLLABLES = [
  "ba",
  "ce",
  "di",
  "fo",
  "gu",
  "la",
  "me",
  "ni",
  "po",
  "ru",
  "sa",
  "te",
  "vi",
  "zo",
  "mar",
  "lin",
  "tor",
  "vel",
  "qua",
  "pré",
];

/** The benchmark's vocabulary: 5,000 made-up words; word i is used about as often as i⁻¹ says. */
export function vocabularyWord(i: number): string {
  let word = "";
  let n = i + 20;
  while (n > 0) {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return word;
}
export const VOCABULARY = 5_000;

/** The i-th account's handle and name: varied first and last names, accents included. */
export function seededPerson(i: number): { handle: string; name: string } {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const ascii = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  return { handle: `${ascii(first)}.${ascii(last)}${i}`, name: `${first} ${last}` };
}

/**
 * A server's data for search: people with varied names (5% with a proven Instagram handle), a
 * reader related to some of them, posts of twelve words drawn from a skewed vocabulary (a few
 * words are in most posts, most words in few), one in ten with a hashtag. Written straight
 * through SQLite, then indexed by the code that indexes a server's existing data when it upgrades.
 */
export function seedSearch(dataDir: string, size: SearchSeedSize): { token: string; indexSeconds: number } {
  const { db } = openDatabase(dataDir);
  db.exec("PRAGMA synchronous = OFF");
  const created = "2026-01-01T00:00:00.000Z";
  db.exec("BEGIN");
  const account = db.prepare(
    `INSERT INTO accounts (id, handle, password_hash, password_salt, display_name, instagram_handle,
       instagram_proven, follower_count, created_at) VALUES (?, ?, x'00', x'00', ?, ?, ?, ?, ?)`,
  );
  for (let i = 1; i <= size.accounts; i++) {
    const person = seededPerson(i);
    const proven = i % 20 === 0;
    account.run(
      i,
      person.handle,
      person.name,
      proven ? person.handle : null,
      proven ? 1 : 0,
      i % 997,
      created,
    );
  }
  const follow = db.prepare("INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)");
  for (let k = 0; k < size.related; k++) {
    follow.run(1, 2 + k * 7, created);
    follow.run(3 + k * 11, 1, created);
  }
  db.exec("CREATE TEMP TABLE vocabulary (n INTEGER PRIMARY KEY, word TEXT NOT NULL)");
  const word = db.prepare("INSERT INTO vocabulary (n, word) VALUES (?, ?)");
  for (let n = 0; n < VOCABULARY; n++) word.run(n, vocabularyWord(n));
  // Each word's rank is r³/V² for r uniform below V: rank 0 in ~6% of draws, the top ranks rarely.
  const draw = `(SELECT word FROM vocabulary WHERE n = (abs(random()) % ${VOCABULARY}) * (abs(random()) % ${VOCABULARY}) / ${VOCABULARY} * (abs(random()) % ${VOCABULARY}) / ${VOCABULARY})`;
  const twelve = Array.from({ length: 12 }, () => draw).join(" || ' ' || ");
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :posts)
     INSERT INTO posts (id, author_id, text, links, media, content_hash, created_at)
     SELECT printf('%08x-%04x-7%03x-%04x-%012x', i / 65536, i % 65536, i % 4096, 32768 + (i / 4096) % 16384, i),
       (i % :accounts) + 1,
       ${twelve} || CASE WHEN i % 10 = 0 THEN ' #' || (SELECT word FROM vocabulary WHERE n = i % 50) ELSE '' END,
       '[]', '[]', 'seed-' || i, :created
     FROM n`,
  ).run({ posts: size.posts, accounts: size.accounts, created });
  db.exec("COMMIT");
  const started = performance.now();
  db.exec("BEGIN");
  indexEverything(db);
  db.exec("COMMIT");
  const indexSeconds = (performance.now() - started) / 1000;
  const token = "bench-search-token-" + "x".repeat(24);
  db.prepare(
    "INSERT INTO sessions (token_hash, account_id, created_at, last_used_at) VALUES (?, 1, ?, ?)",
  ).run(createHash("sha256").update(token).digest(), created, new Date().toISOString());
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
  return { token, indexSeconds };
}
