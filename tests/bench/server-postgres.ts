import { copySqliteToPostgres } from "../../site/server/storage/copy/copy-sqlite-to-postgres.ts";
import { openPool } from "../../site/server/storage/postgres/db.ts";
import { startServer, type RunningServer } from "../e2e/support/server.ts";
import { startCluster } from "../support/postgres-cluster.ts";
import { atLeast, info, type BenchResult } from "./report.ts";

/** The server benchmark's measurements, given a server's URL (or several, for posts). */
export interface Measures {
  timelines: (url: string) => Promise<BenchResult[]>;
  syncPulls: (url: string) => Promise<BenchResult>;
  posts: (urls: string[]) => Promise<number>;
}

/**
 * The server benchmark on PostgreSQL: a local cluster with its defaults (fsync on: acknowledged
 * posts are durable, as SQLite's), the seeded SQLite data copied in by `npm run db:copy`'s code,
 * then one server process measured as SQLite was, and post creation through two processes.
 */
export async function onPostgres(
  dataDir: string,
  env: Record<string, string>,
  measure: Measures,
): Promise<BenchResult[]> {
  const cluster = await startCluster({ durable: true });
  const servers: RunningServer[] = [];
  try {
    const admin = openPool(cluster.url, { max: 1 });
    await admin.unsafe("CREATE DATABASE p92");
    await admin.end();
    const url = cluster.urlOf("p92");
    const copy = await copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url });
    const results = [info("db:copy of the seeded server to PostgreSQL", copy.seconds, "s")];
    const start = async () => {
      const server = await startServer({ dataDir, env: { ...env, P92_DATABASE_URL: url } });
      servers.push(server);
      return server;
    };
    const one = await start();
    results.push(...(await measure.timelines(one.url)));
    results.push(await measure.syncPulls(one.url));
    const single = await measure.posts([one.url]);
    results.push(
      info("post creation (64 clients, durable acks), PostgreSQL, one process", single, "posts/s"),
    );
    const two = await start();
    const both = await measure.posts([one.url, two.url]);
    results.push(
      info("post creation (64 clients, durable acks), PostgreSQL, two processes", both, "posts/s"),
      atLeast("two processes ÷ one process, PostgreSQL post creation", both / single, 1, "×"),
    );
    return results;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    cluster.stop();
  }
}
