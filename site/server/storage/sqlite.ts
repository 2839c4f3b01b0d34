import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { checkMigrations } from "./schema.ts";
import { MIGRATIONS } from "./sqlite/migrations.ts";

export const DATABASE_FILE = "p92.sqlite";

export interface OpenedDatabase {
  db: DatabaseSync;
  file: string;
  /** True when this call created the database file. */
  created: boolean;
  schemaVersion: number;
}

/**
 * Opens (creating on first run) the SQLite database in the data directory and brings its schema
 * up to date. WAL keeps readers off the writer's back; `synchronous = FULL` makes every
 * acknowledged commit durable even if the process is killed right after.
 */
export function openDatabase(dataDir: string): OpenedDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const created = !fs.existsSync(file);
  const db = connect(file, { durable: true });
  db.exec("PRAGMA foreign_keys = ON");
  // 64 MiB of page cache instead of SQLite's 2 MiB default: the indexes a write touches (posts by
  // author, the change log) stay in memory on a database of millions of posts.
  db.exec("PRAGMA cache_size = -65536");
  const schemaVersion = migrate(db);
  return { db, file, created, schemaVersion };
}

/**
 * A connection as every P92 database file is opened: WAL (readers never block the writer) and a
 * 5 s wait on a lock. `durable` fsyncs each commit (`synchronous = FULL`), so an acknowledged write
 * survives a crash right after; without it a crash may lose the last commits, never corrupt.
 */
export function connect(file: string, options: { durable: boolean }): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${options.durable ? "FULL" : "NORMAL"}`);
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}

/** The last migration applied to this database (SQLite's user_version). */
export function schemaVersion(db: DatabaseSync): number {
  return (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
}

/** Runs, in one transaction each, the migrations the database has not seen yet. */
export function migrate(db: DatabaseSync): number {
  checkMigrations(
    "SQLite",
    MIGRATIONS.map((m) => m.version),
  );
  let version = schemaVersion(db);
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    // A no-op inside a transaction, so set around it (https://www.sqlite.org/lang_altertable.html).
    if (migration.rebuildsTables) db.exec("PRAGMA foreign_keys = OFF");
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migration.sql);
      migration.data?.(db);
      if (migration.rebuildsTables && db.prepare("PRAGMA foreign_key_check").all().length > 0) {
        throw new Error(`Migration ${migration.version} would break a foreign key`);
      }
      db.exec(`PRAGMA user_version = ${Number(migration.version)}`);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    } finally {
      if (migration.rebuildsTables) db.exec("PRAGMA foreign_keys = ON");
    }
    version = migration.version;
  }
  return version;
}
