import fs from "node:fs";
import { SERVER_ENTRY, startServer, tempDir } from "../e2e/support/server.ts";
import { below, info, percentile, type BenchResult } from "./report.ts";
import { seedSearch, seededPerson, vocabularyWord } from "./search-seed.ts";

const SIZE = { accounts: 100_000, posts: 1_000_000, related: 200 };

/** Searches, as the site sends them while someone types, each timed until its body arrived. */
async function timedSearches(url: string, token: string, path: string, queries: string[], rounds: number) {
  const samples: number[] = [];
  let found = 0;
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const started = performance.now();
      const response = await fetch(`${url}${path}?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { accounts?: unknown[]; posts?: unknown[] };
      samples.push(performance.now() - started);
      if (!response.ok) throw new Error(`${path}?q=${q}: ${response.status}`);
      found += (body.accounts ?? body.posts ?? []).length;
    }
  }
  // The first round warms the caches up.
  return { samples: samples.slice(queries.length), found };
}

/**
 * Search over HTTP on a server holding 100,000 people and 1,000,000 posts: people as someone
 * types a name (one letter, then more, accents or not), and posts by common and rare words,
 * prefixes and hashtags.
 */
export async function run(): Promise<BenchResult[]> {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error(`No built server at ${SERVER_ENTRY}: run npm run build:site`);
  const dataDir = tempDir("bench-search");
  const results: BenchResult[] = [];
  try {
    const seeding = performance.now();
    const { token, indexSeconds } = seedSearch(dataDir, SIZE);
    results.push(
      info("search: seed 100,000 people and 1,000,000 posts", (performance.now() - seeding) / 1000, "s"),
    );
    results.push(info("search: index them (the upgrade's backfill)", indexSeconds, "s"));
    const server = await startServer({ dataDir });
    try {
      const person = seededPerson(4242);
      const people = [
        "l",
        "le",
        "lea",
        "léa",
        "LEA MAR",
        "z",
        "zoe",
        "mo",
        "haddad",
        "gar",
        "jérôme d",
        person.handle,
        person.name,
      ];
      const p = await timedSearches(server.url, token, "/api/search/accounts", people, 40);
      if (p.found === 0) throw new Error("people search found no one");
      results.push(info("search: people among 100,000, p50", percentile(p.samples, 50), "ms"));
      results.push(below("search: people among 100,000, p95", percentile(p.samples, 95), 30, "ms"));
      const common = vocabularyWord(0);
      const words = [
        common,
        `${common} ${vocabularyWord(1)}`,
        vocabularyWord(40),
        vocabularyWord(4990),
        `${vocabularyWord(3)} ${vocabularyWord(4000)}`,
        vocabularyWord(2).slice(0, 3),
        `#${vocabularyWord(7)}`,
        `${vocabularyWord(5)} #${vocabularyWord(9)}`,
        "nowordlikethis",
      ];
      const w = await timedSearches(server.url, token, "/api/search/posts", words, 30);
      if (w.found === 0) throw new Error("post search found nothing");
      results.push(info("search: posts among 1,000,000, p50", percentile(w.samples, 50), "ms"));
      results.push(below("search: posts among 1,000,000, p95", percentile(w.samples, 95), 100, "ms"));
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
