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

/** The seeded data on PostgreSQL, ready to be measured; `stop` removes the cluster. */
export interface PostgresCopy {
  url: string;
  copySeconds: number;
  stop: () => void;
}

/**
 * The server benchmark's data on PostgreSQL: a local cluster with its defaults (fsync on:
 * acknowledged posts are durable, as SQLite's), the seeded SQLite data copied in by
 * `npm run db:copy`'s code, before the SQLite server is measured (its measurements add posts: both
 * are measured on the same data).
 */
export async function copyToPostgres(dataDir: string): Promise<PostgresCopy> {
  const cluster = await startCluster({ durable: true });
  try {
    const admin = openPool(cluster.url, { max: 1 });
    await admin.unsafe("CREATE DATABASE p92");
    await admin.end();
    const url = cluster.urlOf("p92");
    const copy = await copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url });
    // The copy's pages on disk now, not during the measurements (a checkpoint writing hundreds
    // of megabytes would slow every fsync of theirs).
    const checkpoint = openPool(url, { max: 1 });
    await checkpoint.unsafe("CHECKPOINT");
    await checkpoint.end();
    return { url, copySeconds: copy.seconds, stop: () => cluster.stop() };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/**
 * One server process on the copy, measured as SQLite's was, then post creation through two
 * processes (the same clients spread over both).
 */
export async function onPostgres(
  copy: PostgresCopy,
  dataDir: string,
  env: Record<string, string>,
  measure: Measures,
): Promise<BenchResult[]> {
  const servers: RunningServer[] = [];
  try {
    const results = [info("db:copy of the seeded server to PostgreSQL", copy.copySeconds, "s")];
    const start = async () => {
      const server = await startServer({ dataDir, env: { ...env, P92_DATABASE_URL: copy.url } });
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
  }
}
