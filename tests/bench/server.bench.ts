import fs from "node:fs";
import { newId } from "../../shared/ids.ts";
import { SERVER_ENTRY, startServer, tempDir } from "../e2e/support/server.ts";
import { loadTest } from "./http-load.ts";
import { atLeast, below, info, percentile, type BenchResult } from "./report.ts";
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
    const server = await startServer({ dataDir, env: NO_LIMITS });
    try {
      const auth = (i: number) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` });
      results.push(...(await timelines(server.url, auth)));
      results.push(await syncPulls(server.url, auth));
      results.push(await postRate(server.url, auth));
      results.push(await batchedPostRate(server.url, auth));
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function timelines(url: string, auth: (i: number) => Record<string, string>): Promise<BenchResult[]> {
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
    info("following timeline page (50 posts) p50", percentile(measured, 50), "ms"),
    below("following timeline page (50 posts) p95", percentile(measured, 95), 20, "ms"),
  ];
}

async function syncPulls(url: string, auth: (i: number) => Record<string, string>): Promise<BenchResult> {
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
  return info("sync pull of 500 changes p95", percentile(samples.slice(20), 95), "ms");
}

async function postRate(url: string, auth: (i: number) => Record<string, string>): Promise<BenchResult> {
  const burst = (seconds: number) =>
    loadTest({
      url: `${url}/api/posts`,
      clients: 64,
      seconds,
      expect: [201],
      request: (c) => ({
        method: "POST",
        headers: { ...auth(c), "Content-Type": "application/json" },
        body: JSON.stringify({ id: newId(), text: `benchmark post from client ${c}` }),
      }),
    });
  // The first seconds open the connections and warm the JIT; the sustained rate comes after.
  await burst(2);
  const { perSecond } = await burst(10);
  return atLeast("post creation (64 clients, durable acks)", perSecond, 2000, "posts/s");
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
