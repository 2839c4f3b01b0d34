import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { openPool, type Pool } from "../../site/server/storage/postgres/db.ts";
import { openPostgresStore } from "../../site/server/storage/postgres-store.ts";
import { openSqliteStore } from "../../site/server/storage/sqlite-store.ts";
import type { Store } from "../../site/server/storage/store.ts";

/**
 * Which Store the tests of this run use: the `postgres` Vitest project sets P92_TEST_STORE, and its
 * global setup (postgres-global-setup.ts) runs a throwaway cluster. The same test files run once
 * per store.
 */
export const TEST_STORE: "sqlite" | "postgres" =
  process.env.P92_TEST_STORE === "postgres" ? "postgres" : "sqlite";

let admin: Pool | null = null;
let previous: string | null = null;

/**
 * A new, empty database at the latest schema (PostgreSQL runs only). The one this test file made
 * before is dropped (its connections closed), so a run keeps one database per worker.
 */
export async function freshDatabaseUrl(): Promise<string> {
  const clusterUrl = inject("postgresUrl");
  admin ??= openPool(clusterUrl, { max: 1 });
  if (previous) await admin.unsafe(`DROP DATABASE IF EXISTS ${previous} WITH (FORCE)`);
  const name = `p92_test_${randomUUID().replaceAll("-", "")}`;
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE p92_template`);
  previous = name;
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The settings that select this run's store, for readConfig: a fresh database on PostgreSQL. */
export async function storeEnv(): Promise<Record<string, string>> {
  return TEST_STORE === "postgres" ? { P92_DATABASE_URL: await freshDatabaseUrl() } : {};
}

/** A Store of this run's kind, empty, with its media in `dataDir`. */
export async function openTestStore(dataDir: string): Promise<Store> {
  return TEST_STORE === "postgres"
    ? openPostgresStore(await freshDatabaseUrl(), { dataDir })
    : openSqliteStore(dataDir);
}
