import type { TestProject } from "vitest/node";
import { migrate } from "../../site/server/storage/postgres/database.ts";
import { openPool } from "../../site/server/storage/postgres/db.ts";
import { startCluster } from "./postgres-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throwaway cluster's URL (its `postgres` database); see test-store.ts. */
    postgresUrl: string;
  }
}

/** The name of the migrated database each test's database is copied from. */
export const TEMPLATE_DATABASE = "p92_template";

/**
 * Vitest global setup of the `postgres` project: one throwaway cluster for the run, with a
 * database at the latest schema that test databases are copied from (a copy takes ~30 ms; a
 * migration from nothing more).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  try {
    const admin = openPool(cluster.url, { max: 1 });
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    const template = openPool(cluster.urlOf(TEMPLATE_DATABASE), { max: 1 });
    await migrate(template);
    await template.end();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide("postgresUrl", cluster.url);
  return () => cluster.stop();
}
