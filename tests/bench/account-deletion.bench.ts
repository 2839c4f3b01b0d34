import fs from "node:fs";
import { newId } from "../../shared/ids.ts";
import { SERVER_ENTRY, startServer, tempDir, type RunningServer } from "../e2e/support/server.ts";
import { below, info, percentile, type BenchResult } from "./report.ts";
import { copyToPostgres } from "./server-postgres.ts";
import { seed } from "./server-seed.ts";

/** Someone else posts all through the purge: no rate limit gets in the way. */
const NO_LIMITS = {
  P92_LIMIT_POSTS_PER_IP: "100000000/1",
  P92_LIMIT_POSTS_PER_ACCOUNT: "100000000/1",
};
/** How long the purge may take before the benchmark gives up waiting. */
const GIVE_UP_MS = 15 * 60_000;

/**
 * "Delete my account" for an account of 100,000 posts (issue 18), with the shipped settings
 * (P92_PURGE_BATCH 500, no pause), on SQLite and on PostgreSQL: how long until the request is
 * answered (the account is deleted for everyone from then on), until its purge has removed
 * everything it had, and how long someone else's posts take while it runs (a purge batch is one
 * transaction: others' writes wait for it).
 */
export async function run(): Promise<BenchResult[]> {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error(`No built server at ${SERVER_ENTRY}: run npm run build:site`);
  const dataDir = tempDir("bench-deletion");
  try {
    // Two accounts of 100,000 posts each, following each other; the first one leaves.
    const { tokens } = await seed(dataDir, { accounts: 2, posts: 200_000, followsEach: 1, sessions: 2 });
    // The same data on PostgreSQL, copied before SQLite's server changes it.
    const postgres = await copyToPostgres(dataDir);
    const results: BenchResult[] = [];
    try {
      results.push(...(await measured(", PostgreSQL", { P92_DATABASE_URL: postgres.url }, dataDir, tokens)));
    } finally {
      postgres.stop();
    }
    results.unshift(...(await measured("", {}, dataDir, tokens)));
    return results;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measured(
  on: string,
  env: Record<string, string>,
  dataDir: string,
  tokens: string[],
): Promise<BenchResult[]> {
  const server = await startServer({ dataDir, env: { ...NO_LIMITS, ...env } });
  try {
    const idle = await postTimes(server, tokens[1]!, 20);
    const started = performance.now();
    const response = await fetch(`${server.url}/api/me/delete`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens[0]}`, "content-type": "application/json" },
      body: JSON.stringify({ password: "benchmark password" }),
    });
    if (response.status !== 202) throw new Error(`${response.status}: ${await response.text()}`);
    const answered = performance.now() - started;
    // The other account keeps posting, one post at a time, while the purge runs.
    const during: number[] = [];
    while (!server.output().includes(": everything it had is removed")) {
      if (performance.now() - started > GIVE_UP_MS) throw new Error("the purge did not end in 15 minutes");
      during.push(...(await postTimes(server, tokens[1]!, 1)));
    }
    const purged = (performance.now() - started) / 1000;
    return [
      below(`Delete my account of 100,000 posts: answered${on}`, answered, 1000, "ms"),
      below(`Delete my account of 100,000 posts: everything removed${on}`, purged, 300, "s"),
      info(`someone else's post while nobody purges, p95${on}`, percentile(idle, 95), "ms"),
      info(`someone else's post during the purge, p95${on}`, percentile(during, 95), "ms"),
    ];
  } finally {
    await server.stop();
  }
}

/** `count` posts of the account with this token, one after the other: how long each took. */
async function postTimes(server: RunningServer, token: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/posts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ id: newId(), text: `a post while measuring, ${i}` }),
    });
    await response.text();
    if (response.status !== 201) throw new Error(`post: ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}
