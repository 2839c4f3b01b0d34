/**
 * What `npm run db:copy` copies from a SQLite data directory into PostgreSQL, table by table. Only
 * the tables and what to do with them are listed here: each table's columns, primary key and
 * identity column are read from the PostgreSQL schema (postgres/migrations.ts) when copying, and
 * the SQLite table must have the same columns, so a column a later migration adds is copied
 * without anyone remembering to list it. A table added to either schema and missing here stops
 * the copy (see `checkTableSets`) rather than being left behind.
 */

/** Which SQLite file of the data directory holds a table: p92.sqlite or federation.sqlite. */
export type SourceFile = "p92" | "federation";

export interface CopiedTable {
  name: string;
  file: SourceFile;
  /**
   * Columns whose SQLite value means nothing on PostgreSQL, written as NULL. The queue's
   * `claimed_by` is a SQLite process's token; on PostgreSQL it names a live process's advisory
   * lock: the stopped server's claims are handed back, so its messages run again.
   */
  nulled?: readonly string[];
  /**
   * PostgreSQL's first migration filled it (the instance's creation time, set to the migration's
   * time): emptied before the copy, so the instance keeps the age it had on SQLite.
   */
  replaced?: boolean;
}

/**
 * Every table copied, referenced tables first: when triggers cannot be switched off for the whole
 * session (`session_replication_role` needs a superuser), foreign keys stay checked and each row's
 * references must already be there.
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  { name: "instance", file: "p92", replaced: true },
  { name: "accounts", file: "p92" },
  { name: "sessions", file: "p92" },
  { name: "posts", file: "p92" },
  { name: "post_edits", file: "p92" },
  { name: "likes", file: "p92" },
  { name: "reposts", file: "p92" },
  { name: "follows", file: "p92" },
  { name: "follow_requests", file: "p92" },
  { name: "relations", file: "p92" },
  { name: "media", file: "p92" },
  { name: "applied_ops", file: "p92" },
  { name: "changes", file: "p92" },
  { name: "instagram_links", file: "p92" },
  { name: "instagram_proofs", file: "p92" },
  { name: "instagram_lists", file: "p92" },
  { name: "instagram_arrivals", file: "p92" },
  { name: "notifications", file: "p92" },
  { name: "actor_keys", file: "p92" },
  { name: "reports", file: "p92" },
  { name: "report_media", file: "p92" },
  { name: "blocked_domains", file: "p92" },
  { name: "admin_actions", file: "p92" },
  { name: "account_purges", file: "p92" },
  { name: "kv", file: "federation" },
  { name: "queue", file: "federation", nulled: ["claimed_by"] },
];

/**
 * The search indexes: FTS5 tables on SQLite, `tsvector` tables on PostgreSQL. Nothing in one is
 * readable as the other, so PostgreSQL's are rebuilt from the copied accounts and posts
 * (copy/search-index.ts).
 */
export const SEARCH_TABLES = ["accounts_search", "posts_search"] as const;

/**
 * PostgreSQL tables neither copied nor rebuilt: the schema's version (set by the migration) and the
 * rate limits' buckets (unlogged, only ever in PostgreSQL; starting empty lets people in).
 */
export const LEFT_AS_MIGRATED = ["p92_schema", "rate_buckets"] as const;

/** The shadow tables FTS5 keeps for each index (https://sqlite.org/fts5.html). */
const FTS5_SHADOWS = ["data", "idx", "content", "docsize", "config"];

/** Whether a SQLite table is one of the search indexes or one of their shadow tables. */
export function isSqliteSearchTable(name: string): boolean {
  return SEARCH_TABLES.some(
    (index) => name === index || FTS5_SHADOWS.some((shadow) => name === `${index}_${shadow}`),
  );
}

/**
 * Throws a message naming each table one side has and this list does not, so a new table is never
 * silently left behind. `postgres`: the tables of the PostgreSQL schema; `sqlite`: those of each
 * file (without SQLite's own and the search indexes; `federation` null when there is no file).
 */
export function checkTableSets(
  postgres: readonly string[],
  sqlite: { p92: readonly string[]; federation: readonly string[] | null },
): string | null {
  const known = new Set<string>([...COPIED_TABLES.map((t) => t.name), ...SEARCH_TABLES, ...LEFT_AS_MIGRATED]);
  const problems: string[] = [];
  const unknown = postgres.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    problems.push(
      `the PostgreSQL database holds ${unknown.length === 1 ? "a table" : "tables"} that db:copy does not know (${unknown.join(", ")}): ` +
        "tables of something else, or ones site/server/storage/copy/tables.ts misses",
    );
  }
  const missing = COPIED_TABLES.filter((t) => !postgres.includes(t.name)).map((t) => t.name);
  if (missing.length > 0) {
    problems.push(`the PostgreSQL schema has no ${plural("table", missing)} ${missing.join(", ")}`);
  }
  for (const file of ["p92", "federation"] as const) {
    const tables = sqlite[file];
    if (tables === null) continue;
    const expected = COPIED_TABLES.filter((t) => t.file === file).map((t) => t.name);
    const extra = tables.filter((name) => !expected.includes(name));
    const absent = expected.filter((name) => !tables.includes(name));
    if (extra.length > 0) {
      problems.push(
        `${file}.sqlite has ${extra.length === 1 ? "a table" : "tables"} not copied (${extra.join(", ")})`,
      );
    }
    if (absent.length > 0) {
      problems.push(`${file}.sqlite has no ${plural("table", absent)} ${absent.join(", ")}`);
    }
  }
  return problems.length > 0 ? problems.join("; ") : null;
}

/**
 * The message naming the columns one side has and the other lacks, or null when both have the
 * same (the order may differ: columns are copied by name).
 */
export function compareColumns(
  table: string,
  postgres: readonly string[],
  sqlite: readonly string[],
): string | null {
  const onlyPostgres = postgres.filter((c) => !sqlite.includes(c));
  const onlySqlite = sqlite.filter((c) => !postgres.includes(c));
  const problems: string[] = [];
  if (onlySqlite.length > 0) {
    problems.push(
      `SQLite has ${plural("column", onlySqlite)} ${onlySqlite.join(", ")} that PostgreSQL lacks`,
    );
  }
  if (onlyPostgres.length > 0) {
    problems.push(
      `PostgreSQL has ${plural("column", onlyPostgres)} ${onlyPostgres.join(", ")} that SQLite lacks`,
    );
  }
  return problems.length > 0 ? `${table}: ${problems.join(", ")}` : null;
}

const plural = (word: string, items: readonly unknown[]) => (items.length === 1 ? word : `${word}s`);
