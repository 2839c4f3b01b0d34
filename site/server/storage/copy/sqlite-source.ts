import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { FEDERATION_DATABASE_FILE } from "../federation-sqlite.ts";
import { LATEST_SCHEMA_VERSION } from "../schema.ts";
import { DATABASE_FILE } from "../sqlite.ts";
import { CopyRefused } from "./refused.ts";
import { processesHolding } from "./running.ts";
import { isSqliteSearchTable, type SourceFile } from "./tables.ts";

/** A value as node:sqlite reads it with big integers on: every INTEGER is a bigint. */
export type SqliteValue = string | number | bigint | Uint8Array | null;

/**
 * A stopped server's SQLite data, read-only, each file read in one read transaction: every count
 * and every row comes from one state of the database, whatever else happens to the files.
 */
export interface SqliteSource {
  dataDir: string;
  /** The database files read (federation.sqlite absent when the server never federated). */
  files: { p92: string; federation: string | null };
  schemaVersion: number;
  /** The tables of a file, without SQLite's own and the search indexes; null: no such file. */
  tables(file: SourceFile): string[] | null;
  columns(file: SourceFile, table: string): string[];
  count(file: SourceFile, table: string): number;
  /** The rows of a table in the order of `orderBy`, each an array of `columns`' values. */
  rows(
    file: SourceFile,
    table: string,
    columns: readonly string[],
    orderBy: readonly string[],
  ): Iterable<SqliteValue[]>;
  /** The highest value an AUTOINCREMENT table ever handed out (rows may have been removed since). */
  autoincrement(file: SourceFile, table: string): number;
  /** The change log's last seq (0 when it is empty). */
  lastChangeSeq(): number;
  /** How many rows each FTS5 search index holds. */
  searchCounts(): { accounts: number; posts: number };
  close(): void;
}

/**
 * Where the data is, from `--from`: `sqlite:./data` (the data directory), `sqlite:./data/p92.sqlite`
 * (its database file), `sqlite://…` or a bare path the same.
 */
export function sourcePaths(from: string, cwd = process.cwd()): { dataDir: string; file: string } {
  const named = path.resolve(cwd, from.replace(/^sqlite:(\/\/)?/, ""));
  let isFile = /\.(sqlite|db)$/.test(named);
  try {
    isFile = fs.statSync(named).isFile();
  } catch {
    // Not there: told below, by the name it was given.
  }
  const file = isFile ? named : path.join(named, DATABASE_FILE);
  if (!fs.existsSync(file)) {
    throw new CopyRefused(
      `There is no SQLite database at ${file}: --from names the data directory (sqlite:./data) or its p92.sqlite`,
    );
  }
  return { dataDir: path.dirname(file), file };
}

export function openSqliteSource(from: string): SqliteSource {
  const { dataDir, file } = sourcePaths(from);
  const federationFile = path.join(dataDir, FEDERATION_DATABASE_FILE);
  const hasFederation = fs.existsSync(federationFile);
  const holders = processesHolding(hasFederation ? [file, federationFile] : [file]);
  if (holders.length > 0) {
    throw new CopyRefused(
      `${file} is open in another process (pid ${holders.join(", ")}): stop the P92 server first, so nothing is written after the copy`,
    );
  }
  const opened: DatabaseSync[] = [];
  try {
    const p92 = openReadOnly(file);
    opened.push(p92);
    const version = (p92.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
    if (version !== LATEST_SCHEMA_VERSION) {
      throw new CopyRefused(
        version < LATEST_SCHEMA_VERSION
          ? `${file} is at schema version ${version}, not ${LATEST_SCHEMA_VERSION}: start this P92 once on SQLite (without P92_DATABASE_URL) so it migrates the database, stop it, then copy`
          : `${file} is at schema version ${version}, newer than this P92 knows (${LATEST_SCHEMA_VERSION}): copy with the P92 that wrote it`,
      );
    }
    const federation = hasFederation ? openReadOnly(federationFile) : null;
    if (federation) opened.push(federation);
    return sqliteSource(dataDir, { p92: file, federation: hasFederation ? federationFile : null }, version, {
      p92,
      federation,
    });
  } catch (error) {
    for (const db of opened) db.close();
    throw error;
  }
}

/**
 * Read-only (no write can reach the file) with a read transaction begun and its snapshot taken.
 * SQLite still creates the -wal and -shm files if the last connection removed them, as any reader
 * of a WAL database must; the next server to open the database uses them as usual.
 */
function openReadOnly(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("BEGIN");
    // A deferred transaction takes its snapshot at its first read.
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
  } catch (error) {
    db.close();
    throw new CopyRefused(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return db;
}

function sqliteSource(
  dataDir: string,
  files: SqliteSource["files"],
  schemaVersion: number,
  dbs: { p92: DatabaseSync; federation: DatabaseSync | null },
): SqliteSource {
  const db = (file: SourceFile) => {
    const found = dbs[file];
    if (!found) throw new Error(`There is no ${file}.sqlite`);
    return found;
  };
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return {
    dataDir,
    files,
    schemaVersion,
    tables(file) {
      const found = dbs[file];
      if (!found) return null;
      const rows = found
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .all() as { name: string }[];
      return rows.map((r) => r.name).filter((name) => !(file === "p92" && isSqliteSearchTable(name)));
    },
    columns(file, table) {
      const rows = db(file)
        .prepare(`PRAGMA table_info(${quote(table)})`)
        .all() as { name: string }[];
      return rows.map((r) => r.name);
    },
    count(file, table) {
      return Number(
        (
          db(file)
            .prepare(`SELECT count(*) AS n FROM ${quote(table)}`)
            .get() as { n: number }
        ).n,
      );
    },
    rows(file, table, columns, orderBy) {
      const statement = db(file).prepare(
        `SELECT ${columns.map(quote).join(", ")} FROM ${quote(table)} ORDER BY ${orderBy.map(quote).join(", ")}`,
      );
      // Exact integers (a bigint column may pass 2^53), and arrays rather than an object per row.
      statement.setReadBigInts(true);
      statement.setReturnArrays(true);
      return statement.iterate() as Iterable<SqliteValue[]>;
    },
    autoincrement(file, table) {
      const d = db(file);
      const exists = d
        .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'")
        .get();
      if (!exists) return 0;
      const row = d.prepare("SELECT seq FROM sqlite_sequence WHERE name = ?").get(table) as
        { seq: number } | undefined;
      return Number(row?.seq ?? 0);
    },
    lastChangeSeq() {
      const row = dbs.p92.prepare("SELECT max(seq) AS seq FROM changes").get() as { seq: number | null };
      return Number(row.seq ?? 0);
    },
    searchCounts() {
      // A contentless FTS5 table still lists its rowids: one per account or post indexed.
      const count = (table: string) =>
        Number((dbs.p92.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
      return { accounts: count("accounts_search"), posts: count("posts_search") };
    },
    close() {
      for (const d of [dbs.p92, dbs.federation]) {
        if (!d?.isOpen) continue;
        try {
          d.exec("ROLLBACK");
        } finally {
          d.close();
        }
      }
    },
  };
}
