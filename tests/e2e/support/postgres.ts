import { openPool } from "../../../site/server/storage/postgres/db.ts";
import { startCluster, type Cluster } from "../../support/postgres-cluster.ts";

/**
 * The `postgres` Playwright project runs the server suites again with every server on PostgreSQL:
 * `npm run test:e2e` sets P92_TEST_STORE=postgres for that run (tests/e2e/run.ts).
 */
export const E2E_STORE: "sqlite" | "postgres" =
  process.env.P92_TEST_STORE === "postgres" ? "postgres" : "sqlite";

let cluster: Promise<Cluster> | null = null;
/** One database per data directory: a server started again on the same folder finds its data. */
const databases = new Map<string, Promise<string>>();

/**
 * The database of the server whose data directory is `dataDir`, in a throwaway cluster of this
 * test worker (started on first use, removed when the worker exits).
 */
export function databaseFor(dataDir: string): Promise<string> {
  let database = databases.get(dataDir);
  if (!database) {
    database = (async () => {
      cluster ??= startCluster().then((started) => {
        process.once("exit", () => started.stop());
        return started;
      });
      const running = await cluster;
      const name = `p92_${databases.size}_${process.pid}`;
      const admin = openPool(running.url, { max: 1 });
      try {
        await admin.unsafe(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return running.urlOf(name);
    })();
    databases.set(dataDir, database);
  }
  return database;
}
