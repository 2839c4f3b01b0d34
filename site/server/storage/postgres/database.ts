import { checkMigrations, LATEST_SCHEMA_VERSION } from "../schema.ts";
import type { Pool } from "./db.ts";
import { FIRST_POSTGRES_VERSION, POSTGRES_MIGRATIONS, type PostgresMigration } from "./migrations.ts";

/** Held while migrating, so several processes starting at once migrate once. */
const MIGRATION_LOCK = 92_0002;

/**
 * Brings the database's schema up to date: each migration not applied yet runs in a transaction
 * of its own with the version it reaches, so a failing one leaves the database at the version
 * before it. Refuses a database of a newer P92 (its schema is unknown here) and one that holds
 * tables of something else. Answers the version reached.
 */
export async function migrate(
  pool: Pool,
  migrations: PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number> {
  checkMigrations(
    "PostgreSQL",
    migrations.map((m) => m.version),
    FIRST_POSTGRES_VERSION,
  );
  let version = await pool.begin(async (tx) => {
    await tx.unsafe("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    const [table] = await tx.unsafe<{ found: boolean }[]>(
      "SELECT to_regclass('p92_schema') IS NOT NULL AS found",
    );
    if (!table!.found) {
      const [other] = await tx.unsafe<{ n: number }[]>(
        "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()",
      );
      if (other!.n > 0) {
        throw new Error(
          "This PostgreSQL database holds tables but no P92 schema; give P92 a database of its own",
        );
      }
      await tx.unsafe("CREATE TABLE p92_schema (version integer NOT NULL)");
      await tx.unsafe("INSERT INTO p92_schema (version) VALUES (0)");
    }
    return currentVersion(tx);
  });
  if (version > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `This database is at schema version ${version}, newer than this P92 knows (${LATEST_SCHEMA_VERSION}); ` +
        "run the newer P92 or restore a backup",
    );
  }
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    version = await pool.begin(async (tx) => {
      await tx.unsafe("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      // Another process may have applied it while this one waited for the lock.
      if ((await currentVersion(tx)) >= migration.version) return currentVersion(tx);
      await tx.unsafe(migration.sql);
      await tx.unsafe("UPDATE p92_schema SET version = $1", [migration.version]);
      return migration.version;
    });
  }
  return version;
}

export async function schemaVersion(sql: Pool): Promise<number> {
  return currentVersion(sql);
}

async function currentVersion(sql: Pick<Pool, "unsafe">): Promise<number> {
  const [row] = await sql.unsafe<{ version: number }[]>("SELECT version FROM p92_schema");
  return row!.version;
}
