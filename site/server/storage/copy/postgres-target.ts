import type postgres from "postgres";
import { migrate } from "../postgres/database.ts";
import { errorCode, type Pool } from "../postgres/db.ts";
import { CopyRefused } from "./refused.ts";
import { COPIED_TABLES } from "./tables.ts";

type Tx = postgres.TransactionSql;

/** A column of the PostgreSQL schema, as the copy writes it. */
export interface TargetColumn {
  name: string;
  /** Its type's name (`int4`, `text`, `bytea`…): each value is sent as text and cast to it. */
  type: string;
}

/** A table of the PostgreSQL schema, read from its catalog. */
export interface TargetTable {
  name: string;
  /** The columns a row is written with (generated columns compute themselves). */
  columns: TargetColumn[];
  /** Its primary key's columns, in order: rows are read and written in that order. */
  key: string[];
  /** Its identity column (ids, sequences), whose sequence must continue after the copied values. */
  identity: string | null;
}

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Brings an empty database to the latest schema (nothing happens to one that has it already).
 * Refuses a database of something else, or of a newer P92. Answers whether it was empty.
 */
export async function prepareTarget(pool: Pool): Promise<{ migrated: boolean; version: number }> {
  const [found] = await pool.unsafe<{ p92: boolean }[]>(
    "SELECT to_regclass('p92_schema') IS NOT NULL AS p92",
  );
  try {
    const version = await migrate(pool);
    return { migrated: !found!.p92, version };
  } catch (error) {
    if (errorCode(error) !== undefined) throw error;
    // migrate's refusals (tables of something else, a newer schema) are sentences for a person.
    throw new CopyRefused((error as Error).message);
  }
}

/** The tables of the schema the copy writes to (its search path's first schema). */
export async function targetTableNames(tx: Tx): Promise<string[]> {
  const rows = await tx.unsafe<{ name: string }[]>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
  );
  return rows.map((r) => r.name);
}

/** A table's columns, primary key and identity column, from information_schema and pg_index. */
export async function describeTable(tx: Tx, name: string): Promise<TargetTable> {
  const columns = await tx.unsafe<{ name: string; type: string; identity: boolean; generated: boolean }[]>(
    `SELECT column_name AS name, udt_name AS type, is_identity = 'YES' AS identity,
       is_generated = 'ALWAYS' AS generated
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1
     ORDER BY ordinal_position`,
    [name],
  );
  const key = await tx.unsafe<{ name: string }[]>(
    `SELECT a.attname AS name
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey, a.attnum)`,
    [ident(name)],
  );
  return {
    name,
    columns: columns.filter((c) => !c.generated).map((c) => ({ name: c.name, type: c.type })),
    // A table without a primary key is read in the order of all its columns: still one order.
    key: key.length > 0 ? key.map((k) => k.name) : columns.map((c) => c.name),
    identity: columns.find((c) => c.identity)?.name ?? null,
  };
}

/**
 * Refuses a database that holds P92 data already: a copy into it would mix two servers' rows (and
 * their ids would collide). Only the instance's creation time, which the migration wrote, may be
 * there.
 */
export async function refuseUnlessEmpty(tx: Tx): Promise<void> {
  const held: string[] = [];
  for (const table of COPIED_TABLES) {
    if (table.replaced) continue;
    const [row] = await tx.unsafe<{ n: number }[]>(`SELECT count(*) AS n FROM ${ident(table.name)}`);
    if (row!.n > 0) held.push(`${row!.n.toLocaleString("en")} ${table.name}`);
  }
  if (held.length > 0) {
    throw new CopyRefused(
      `The PostgreSQL database is not empty (it holds ${held.join(", ")}): copy into a new, empty database`,
    );
  }
}

/**
 * Refuses a database a P92 server is connected to (its pool names itself `p92`), then keeps the
 * copy's other writers out until it commits: a server started on this database meanwhile waits,
 * rather than writing rows whose ids the copy is about to take. The copy's own pool has one
 * connection, this one.
 */
export async function lockTables(tx: Tx, names: readonly string[]): Promise<void> {
  const [servers] = await tx.unsafe<{ n: number }[]>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = 'p92' AND pid <> pg_backend_pid()`,
  );
  if (servers!.n > 0) {
    throw new CopyRefused(
      `A P92 server is connected to the PostgreSQL database (${servers!.n} connections): stop it, then copy`,
    );
  }
  await tx
    .unsafe(`LOCK TABLE ${names.map(ident).join(", ")} IN ACCESS EXCLUSIVE MODE NOWAIT`)
    .catch((error: unknown) => {
      // 55P03: lock_not_available.
      if (errorCode(error) === "55P03") {
        throw new CopyRefused(
          "The PostgreSQL database is in use (a P92 server is running on it?): stop it first",
        );
      }
      throw error;
    });
}

/**
 * Switches the notification triggers off until the transaction ends: the notifications table is
 * copied as it is, and triggers firing on the copied follows, likes, reposts and replies would add
 * the same notifications a second time. `session_replication_role = replica` (superusers, or a
 * role granted SET on it) also skips foreign key checks, which row counts verify instead; another
 * owner of the tables disables their own triggers one table at a time (foreign keys stay checked:
 * COPIED_TABLES lists referenced tables first). Answers how, and what turns them back on (run
 * before committing: ALTER TABLE's change would otherwise commit with the data).
 */
export async function disableTriggers(
  tx: Tx,
): Promise<{ how: "replication role" | "per table"; restore: () => Promise<void> }> {
  try {
    await tx.savepoint((sp) => sp.unsafe("SET LOCAL session_replication_role = replica"));
    return {
      how: "replication role",
      restore: async () => {
        await tx.unsafe("SET LOCAL session_replication_role = origin");
      },
    };
  } catch (error) {
    // 42501: insufficient_privilege.
    if (errorCode(error) !== "42501") throw error;
  }
  const tables = await tx.unsafe<{ name: string }[]>(
    `SELECT DISTINCT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE NOT t.tgisinternal AND c.relname = ANY($1)
       AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
     ORDER BY 1`,
    [COPIED_TABLES.map((t) => t.name)],
  );
  for (const { name } of tables) await tx.unsafe(`ALTER TABLE ${ident(name)} DISABLE TRIGGER USER`);
  return {
    how: "per table",
    restore: async () => {
      for (const { name } of tables) await tx.unsafe(`ALTER TABLE ${ident(name)} ENABLE TRIGGER USER`);
    },
  };
}

/**
 * The statement that writes one chunk of rows to `table`: one array parameter per column, each
 * value as text (or null), unnested into rows and cast to its column's type. bytea comes as hex.
 * One statement per chunk whatever its size (a VALUES list would need a parameter per value, and
 * PostgreSQL takes at most 65,535).
 */
export function insertStatement(table: TargetTable): string {
  const names = table.columns.map((c) => ident(c.name));
  const values = table.columns.map((c, i) =>
    c.type === "bytea" ? `decode(u.${names[i]}, 'hex')` : `u.${names[i]}::${ident(c.type)}`,
  );
  const arrays = table.columns.map((_, i) => `$${i + 1}::text[]`);
  // Identity columns keep their values (GENERATED BY DEFAULT takes them; ALWAYS needs the override).
  const override = table.identity ? " OVERRIDING SYSTEM VALUE" : "";
  return (
    `INSERT INTO ${ident(table.name)} (${names.join(", ")})${override} ` +
    `SELECT ${values.join(", ")} FROM unnest(${arrays.join(", ")}) AS u(${names.join(", ")})`
  );
}

/**
 * Sets an identity column's sequence past both the highest value copied and the highest SQLite
 * ever handed out (`handedOut`, an AUTOINCREMENT table's): the next row gets a value no row, and no
 * client's cursor, has seen. Answers the value set, 0 when there was none (the sequence starts at 1).
 */
export async function continueSequence(tx: Tx, table: TargetTable, handedOut: number): Promise<number> {
  if (!table.identity) return 0;
  const [row] = await tx.unsafe<{ max: number | null }[]>(
    `SELECT max(${ident(table.identity)}) AS max FROM ${ident(table.name)}`,
  );
  const last = Math.max(Number(row!.max ?? 0), handedOut);
  if (last > 0) {
    await tx.unsafe("SELECT setval(pg_get_serial_sequence($1, $2), $3)", [
      ident(table.name),
      table.identity,
      last,
    ]);
  }
  return last;
}

export async function countRows(tx: Tx, table: string): Promise<number> {
  const [row] = await tx.unsafe<{ n: number }[]>(`SELECT count(*) AS n FROM ${ident(table)}`);
  return Number(row!.n);
}
