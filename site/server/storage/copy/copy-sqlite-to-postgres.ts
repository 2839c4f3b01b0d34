import type postgres from "postgres";
import { mediaDir } from "../../media/files.ts";
import { openPool, type Pool } from "../postgres/db.ts";
import {
  continueSequence,
  countRows,
  describeTable,
  disableTriggers,
  ident,
  insertStatement,
  lockTables,
  prepareTarget,
  refuseUnlessEmpty,
  targetTableNames,
  type TargetColumn,
  type TargetTable,
} from "./postgres-target.ts";
import { withoutNul } from "../postgres/db.ts";
import { CopyRefused } from "./refused.ts";
import { rebuildSearchIndexes } from "./search-index.ts";
import { openSqliteSource, type SqliteSource, type SqliteValue } from "./sqlite-source.ts";
import { checkTableSets, compareColumns, COPIED_TABLES, SEARCH_TABLES, type CopiedTable } from "./tables.ts";

export interface CopyOptions {
  /** `sqlite:./data` (the data directory) or `sqlite:./data/p92.sqlite`. */
  from: string;
  /** The PostgreSQL database's `postgres://` URL. */
  to: string;
  /** Rows read and written per statement: what bounds the copy's memory. */
  chunkRows?: number;
  /**
   * Called after each chunk is written (copied tables, then the rebuilt search indexes), and once
   * for a table with no rows.
   */
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyProgress {
  table: string;
  rows: number;
  of: number;
}

export interface CopySummary {
  dataDir: string;
  files: { p92: string; federation: string | null };
  schemaVersion: number;
  /** The target was an empty database, migrated by the copy. */
  migrated: boolean;
  /** Each copied table and its rows (equal on both sides). */
  tables: { name: string; rows: number }[];
  /** Rows of the rebuilt search indexes, and of SQLite's (equal unless SQLite's had drifted). */
  search: { accounts: number; posts: number; sqlite: { accounts: number; posts: number } };
  /** The change log's last seq, the same on both sides: clients' sync cursors carry on from it. */
  lastChangeSeq: number;
  /** How the notification triggers were kept from firing (see disableTriggers). */
  triggers: "replication role" | "per table";
  /** Where the media files are: not copied, PostgreSQL's server reads them from there too. */
  mediaDir: string;
  seconds: number;
}

const CHUNK_ROWS = 5_000;
/** A chunk is also written once its text passes this many characters (long posts, big kv values). */
const CHUNK_CHARS = 8_000_000;

/**
 * Copies a stopped server's SQLite data (p92.sqlite and federation.sqlite) into an empty PostgreSQL
 * database, in one transaction: every table but the search indexes (rebuilt instead), then checks
 * that every table has as many rows on both sides and the change log ends at the same seq, and
 * rolls everything back otherwise. Throws CopyRefused when the source or the target is not fit.
 */
export async function copySqliteToPostgres(options: CopyOptions): Promise<CopySummary> {
  const started = performance.now();
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const progress = options.onProgress ?? (() => {});
  const source = openSqliteSource(options.from);
  let pool: Pool | null = null;
  try {
    // One connection: the copy is one transaction, and the check for running servers counts every
    // other connection.
    pool = openPool(options.to, { max: 1 });
    const { migrated } = await prepareTarget(pool);
    const copied = await pool.begin(async (tx) => {
      await lockTables(tx, [...COPIED_TABLES.map((t) => t.name), ...SEARCH_TABLES]);
      const targets = await checkSchemas(tx, source);
      await refuseUnlessEmpty(tx);
      const triggers = await disableTriggers(tx);
      const tables: CopySummary["tables"] = [];
      for (const table of COPIED_TABLES) {
        const target = targets.get(table.name)!;
        if (table.replaced) await tx.unsafe(`DELETE FROM ${ident(table.name)}`);
        const rows = await copyTable(tx, source, table, target, chunkRows, progress);
        await continueSequence(
          tx,
          target,
          source.tables(table.file) ? source.autoincrement(table.file, table.name) : 0,
        );
        tables.push({ name: table.name, rows });
      }
      await triggers.restore();
      const search = await rebuildSearchIndexes(tx, chunkRows, (table, rows, of) =>
        progress({ table, rows, of }),
      );
      const lastChangeSeq = await verify(tx, source, tables);
      return { tables, search, lastChangeSeq, triggers: triggers.how };
    });
    // Committed. Statistics of what was written, so the first queries are planned for a database
    // of this size rather than an empty one, and the visibility map, so index-only scans need not
    // visit the rows: what autovacuum would do later, while the server already serves.
    await pool.unsafe("VACUUM (ANALYZE)");
    return {
      dataDir: source.dataDir,
      files: source.files,
      schemaVersion: source.schemaVersion,
      migrated,
      tables: copied.tables,
      search: { ...copied.search, sqlite: source.searchCounts() },
      lastChangeSeq: copied.lastChangeSeq,
      triggers: copied.triggers,
      mediaDir: mediaDir(source.dataDir),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    source.close();
    await pool?.end({ timeout: 5 });
  }
}

/**
 * Both sides hold the tables COPIED_TABLES lists (and no other), each with the same columns;
 * answers PostgreSQL's description of each.
 */
async function checkSchemas(
  tx: postgres.TransactionSql,
  source: SqliteSource,
): Promise<Map<string, TargetTable>> {
  const problem = checkTableSets(await targetTableNames(tx), {
    p92: source.tables("p92")!,
    federation: source.tables("federation"),
  });
  if (problem) throw new CopyRefused(`The two schemas differ: ${problem}`);
  const targets = new Map<string, TargetTable>();
  const problems: string[] = [];
  for (const table of COPIED_TABLES) {
    const target = await describeTable(tx, table.name);
    targets.set(table.name, target);
    if (source.tables(table.file) === null) continue;
    const differs = compareColumns(
      table.name,
      target.columns.map((c) => c.name),
      source.columns(table.file, table.name),
    );
    if (differs) problems.push(differs);
  }
  if (problems.length > 0) throw new CopyRefused(`The two schemas differ: ${problems.join("; ")}`);
  return targets;
}

/**
 * Copies one table in chunks: rows are read from SQLite in key order while the previous chunk is
 * being written (one chunk in flight at a time, so at most two in memory). Answers the rows copied.
 */
async function copyTable(
  tx: postgres.TransactionSql,
  source: SqliteSource,
  table: CopiedTable,
  target: TargetTable,
  chunkRows: number,
  progress: (progress: CopyProgress) => void,
): Promise<number> {
  if (source.tables(table.file) === null) {
    progress({ table: table.name, rows: 0, of: 0 });
    return 0;
  }
  const of = source.count(table.file, table.name);
  const statement = insertStatement(target);
  const columns = target.columns;
  const nulled = columns.map((c) => table.nulled?.includes(c.name) ?? false);
  const empty = () => columns.map((): (string | null)[] => []);
  let chunk = empty();
  let chars = 0;
  let read = 0;
  let written = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const send = async () => {
    await inFlight;
    const values = chunk;
    chunk = empty();
    chars = 0;
    inFlight = (async () => {
      await tx.unsafe(statement, values as postgres.ParameterOrJSON<never>[], { prepare: true });
      written += values[0]!.length;
      progress({ table: table.name, rows: written, of });
    })();
  };
  try {
    const rows = source.rows(
      table.file,
      table.name,
      columns.map((c) => c.name),
      target.key,
    );
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) {
        const value = nulled[i] ? null : asText(row[i]!, columns[i]!, table.name);
        chunk[i]!.push(value);
        if (value !== null) chars += value.length;
      }
      read++;
      if (chunk[0]!.length >= chunkRows || chars >= CHUNK_CHARS) await send();
    }
    if (chunk[0]!.length > 0) await send();
    await inFlight;
  } catch (error) {
    // The transaction fails either way; the write still running must not be left unobserved.
    await inFlight.catch(() => {});
    throw error;
  }
  if (read === 0) progress({ table: table.name, rows: 0, of });
  return read;
}

/**
 * A SQLite value as the text PostgreSQL reads for its column's type: integers exactly (bigint),
 * reals in their shortest exact form, blobs as hex for bytea (`decode` in insertStatement), text
 * with any NUL as U+FFFD (PostgreSQL's text cannot hold one; postgres/db.ts does the same).
 */
function asText(value: SqliteValue, column: TargetColumn, table: string): string | null {
  if (value === null) return null;
  if (value instanceof Uint8Array) {
    if (column.type !== "bytea") {
      throw new CopyRefused(
        `${table}.${column.name} holds bytes in SQLite, but is ${column.type} in PostgreSQL`,
      );
    }
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  }
  if (column.type === "bytea") {
    throw new CopyRefused(
      `${table}.${column.name} holds a ${typeof value} in SQLite, but bytes in PostgreSQL`,
    );
  }
  return typeof value === "string" ? withoutNul(value) : String(value);
}

/**
 * Every copied table has as many rows on PostgreSQL as in SQLite's snapshot, and the change log
 * ends at the same seq (clients' sync cursors are seqs of it: they carry on with nothing lost or
 * repeated). Throws, rolling the copy back, otherwise. Answers the last seq.
 */
async function verify(
  tx: postgres.TransactionSql,
  source: SqliteSource,
  tables: CopySummary["tables"],
): Promise<number> {
  const mismatches: string[] = [];
  for (const { name, rows } of tables) {
    const table = COPIED_TABLES.find((t) => t.name === name)!;
    const expected = source.tables(table.file) === null ? 0 : source.count(table.file, name);
    const found = await countRows(tx, name);
    if (found !== expected || rows !== expected) {
      mismatches.push(`${name}: ${expected} rows in SQLite, ${found} in PostgreSQL`);
    }
  }
  const [target] = await tx.unsafe<{ seq: number | null }[]>("SELECT max(seq) AS seq FROM changes");
  const lastChangeSeq = source.lastChangeSeq();
  if ((target!.seq ?? 0) !== lastChangeSeq) {
    mismatches.push(
      `the change log ends at seq ${lastChangeSeq} in SQLite, ${target!.seq ?? 0} in PostgreSQL`,
    );
  }
  if (mismatches.length > 0) {
    throw new CopyRefused(
      `The copy does not match its source, so it was rolled back: ${mismatches.join("; ")}`,
    );
  }
  return lastChangeSeq;
}
