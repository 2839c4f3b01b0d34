import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { newId } from "../../shared/ids.ts";
import { freePort, SERVER_ENTRY, startServer, tempDir } from "../e2e/support/server.ts";
import { loadTest } from "./http-load.ts";
import { atLeast, below, info, percentile, type BenchResult } from "./report.ts";
import { copyToPostgres, onPostgres } from "./server-postgres.ts";
import { seed } from "./server-seed.ts";

const SIZE = { accounts: 10_000, posts: 1_000_000, followsEach: 200, sessions: 200 };
const NO_LIMITS = {
  P92_LIMIT_POSTS_PER_IP: "100000000/1",
  P92_LIMIT_POSTS_PER_ACCOUNT: "100000000/1",
};

/** Runs one request, records how long until its whole body arrived, answers the parsed body. */
async function timed<T>(samples: number[], request: () => Promise<Response>): Promise<T> {
  const started = performance.now();
  const response = await request();
  const text = await response.text();
  samples.push(performance.now() - started);
  if (!response.ok) throw new Error(`${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/**
 * The server on a realistic data set (10,000 accounts, 1,000,000 posts, 200 follows each),
 * measured over HTTP: a following-timeline page, a sync pull of 500 changes, post creation rate.
 */
export async function run(): Promise<BenchResult[]> {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error(`No built server at ${SERVER_ENTRY}: run npm run build:site`);
  const dataDir = tempDir("bench");
  const results: BenchResult[] = [];
  try {
    const seeding = performance.now();
    const { tokens } = await seed(dataDir, SIZE);
    results.push(
      info("seed 1,000,000 posts straight into SQLite", (performance.now() - seeding) / 1000, "s"),
    );
    const auth = (i: number) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` });
    // The same data moved to PostgreSQL (npm run db:copy) and measured first, before SQLite's
    // measurements add posts to it; its cluster is gone before SQLite is measured (its disk
    // writes would slow SQLite's fsyncs). Printed after SQLite's rows.
    const postgres = await copyToPostgres(dataDir);
    let onPostgresRows: BenchResult[];
    try {
      onPostgresRows = await onPostgres(postgres, dataDir, NO_LIMITS, {
        timelines: (url) => timelines(url, auth, ON_POSTGRES),
        syncPulls: (url) => syncPulls(url, auth, ON_POSTGRES),
        posts: (urls) => postsPerSecond(urls, auth),
      });
    } finally {
      postgres.stop();
    }
    results.push(...(await onSqlite(dataDir, auth)), ...onPostgresRows);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function onSqlite(
  dataDir: string,
  auth: (i: number) => Record<string, string>,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const server = await startServer({ dataDir, env: NO_LIMITS });
  try {
    results.push(...(await timelines(server.url, auth)));
    results.push(await syncPulls(server.url, auth));
    results.push(...(await postRate(server.url, auth, dataDir)));
    results.push(await batchedPostRate(server.url, auth));
  } finally {
    await server.stop();
  }
  return results;
}

/** How the figures measured on PostgreSQL are named: the SQLite figure's name, then this. */
const ON_POSTGRES = ", PostgreSQL";

async function timelines(
  url: string,
  auth: (i: number) => Record<string, string>,
  on = "",
): Promise<BenchResult[]> {
  const samples: number[] = [];
  for (let i = 0; i < 600; i++) {
    const { next } = await timed<{ next: string | null }>(samples, () =>
      fetch(`${url}/api/timeline/following?limit=50`, { headers: auth(i) }),
    );
    // Every other request reads the second page, as scrolling does.
    if (next && i % 2)
      await timed(samples, () =>
        fetch(`${url}/api/timeline/following?limit=50&before=${next}`, { headers: auth(i) }),
      );
  }
  const measured = samples.slice(100);
  return [
    info(`following timeline page (50 posts) p50${on}`, percentile(measured, 50), "ms"),
    below(`following timeline page (50 posts) p95${on}`, percentile(measured, 95), 20, "ms"),
  ];
}

async function syncPulls(
  url: string,
  auth: (i: number) => Record<string, string>,
  on = "",
): Promise<BenchResult> {
  const samples: number[] = [];
  let sizes = 0;
  for (let i = 0; i < 120; i++) {
    // 200 of 10,000 accounts followed: 500 relevant changes lie within the last ~25,000.
    const cursor = `c1.${SIZE.posts - 40_000 - (i % 20) * 1000}`;
    const body = await timed<{ changes: unknown[] }>(samples, () =>
      fetch(`${url}/api/sync`, {
        method: "POST",
        headers: { ...auth(i), "content-type": "application/json" },
        body: JSON.stringify({ cursor }),
      }),
    );
    sizes += body.changes.length;
  }
  if (sizes / 120 < 450) throw new Error(`sync pulls averaged only ${sizes / 120} changes`);
  return info(`sync pull of 500 changes p95${on}`, percentile(samples.slice(20), 95), "ms");
}

/**
 * Posts created by 64 clients at once, each acknowledged only once it is on disk; with the floors
 * measured in the same run: the built server's lightest route, node:http by itself answering the
 * same requests, and how many fsyncs a second the data directory's disk allows.
 */
async function postRate(
  url: string,
  auth: (i: number) => Record<string, string>,
  dataDir: string,
): Promise<BenchResult[]> {
  const posts = await postsPerSecond([url], auth);
  const health = await sustainedRate(
    `${url}/api/health`,
    () => ({ method: "GET", headers: {}, body: "" }),
    [200],
    5,
  );
  const bare = await withBareHttp((bareUrl) => sustainedRate(bareUrl, posting(auth), [201], 5));
  return [
    atLeast("post creation (64 clients, durable acks)", posts, 2000, "posts/s"),
    info("floor: the built server's lightest route (GET /api/health, 64 clients)", health, "requests/s"),
    info("floor: node:http alone answering the same posts (64 clients)", bare, "requests/s"),
    info("floor: fsyncs per second on the data directory's disk", fsyncRate(dataDir), "fsyncs/s"),
  ];
}

/** A new post of client `c`'s account. */
const posting = (auth: (i: number) => Record<string, string>) => (c: number) => ({
  method: "POST",
  headers: { ...auth(c), "Content-Type": "application/json" },
  body: JSON.stringify({ id: newId(), text: `benchmark post from client ${c}` }),
});

/** Posts a second 64 clients get acknowledged (durably), spread evenly over the servers given. */
async function postsPerSecond(urls: string[], auth: (i: number) => Record<string, string>): Promise<number> {
  const rates = await Promise.all(
    urls.map((url, n) =>
      sustainedRate(
        `${url}/api/posts`,
        (c) => posting(auth)(c * urls.length + n),
        [201],
        10,
        64 / urls.length,
      ),
    ),
  );
  return rates.reduce((sum, rate) => sum + rate, 0);
}

/** Requests per second `clients` clients get after 2 s of warming up (connections, JIT). */
async function sustainedRate(
  url: string,
  request: (c: number) => { method: string; headers: Record<string, string>; body: string },
  expect: number[],
  seconds: number,
  clients = 64,
): Promise<number> {
  const burst = (s: number) => loadTest({ url, clients, seconds: s, expect, request });
  await burst(2);
  return (await burst(seconds)).perSecond;
}

async function withBareHttp<T>(measure: (url: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "bare-http.ts"), String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`bare-http.ts exited (${code})`)));
      child.stdout.once("data", () => resolve());
    });
    return await measure(`http://localhost:${port}/api/posts`);
  } finally {
    child.kill();
  }
}

/** Appends 4 KiB and fdatasyncs, again and again for 2 s, as a commit to the WAL does. */
function fsyncRate(dir: string): number {
  const file = path.join(dir, "fsync-probe");
  const fd = fs.openSync(file, "a");
  const block = Buffer.alloc(4096, 1);
  let count = 0;
  const started = performance.now();
  try {
    while (performance.now() - started < 2000) {
      fs.writeSync(fd, block);
      fs.fdatasyncSync(fd);
      count++;
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file);
  }
  return count / ((performance.now() - started) / 1000);
}

/** Posts pushed the way the site's outbox pushes them: batches of 100 createPost ops per sync. */
async function batchedPostRate(
  url: string,
  auth: (i: number) => Record<string, string>,
): Promise<BenchResult> {
  const seconds = 5;
  const deadline = performance.now() + seconds * 1000;
  let created = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async (_, c) => {
      let cursor: string | null = null;
      while (performance.now() < deadline) {
        const ops = Array.from({ length: 100 }, (_, i) => ({
          opId: newId(),
          type: "createPost",
          post: { id: newId(), text: `outbox post ${i} from client ${c}` },
        }));
        const response = await fetch(`${url}/api/sync`, {
          method: "POST",
          headers: { ...auth(100 + c), "content-type": "application/json" },
          body: JSON.stringify({ ops, cursor: cursor ?? `c1.${SIZE.posts}` }),
        });
        const body = (await response.json()) as { results: { ok: boolean }[]; cursor: string };
        created += body.results.filter((r) => r.ok).length;
        cursor = body.cursor;
      }
    }),
  );
  return info(
    "post creation via sync (100 ops a batch)",
    created / ((performance.now() - started) / 1000),
    "posts/s",
  );
}
