import fs from "node:fs";
import { SERVER_ENTRY, startServer, tempDir } from "../e2e/support/server.ts";
import { below, type BenchResult } from "./report.ts";
import { seed } from "./server-seed.ts";

/** How long the purge may take before the benchmark gives up waiting. */
const GIVE_UP_MS = 15 * 60_000;

/**
 * "Delete my account" for an account of 100,000 posts (issue 18), on SQLite with the shipped
 * settings (P92_PURGE_BATCH 500, no pause): how long until the request is answered (the account is
 * deleted for everyone from then on) and until its purge has removed everything it had.
 */
export async function run(): Promise<BenchResult[]> {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error(`No built server at ${SERVER_ENTRY}: run npm run build:site`);
  const dataDir = tempDir("bench-deletion");
  try {
    // Two accounts of 100,000 posts each, following each other; the first one leaves.
    const { tokens } = await seed(dataDir, { accounts: 2, posts: 200_000, followsEach: 1, sessions: 1 });
    const server = await startServer({ dataDir });
    try {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/me/delete`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens[0]}`, "content-type": "application/json" },
        body: JSON.stringify({ password: "benchmark password" }),
      });
      if (response.status !== 202) throw new Error(`${response.status}: ${await response.text()}`);
      const answered = performance.now() - started;
      while (!server.output().includes(": everything it had is removed")) {
        if (performance.now() - started > GIVE_UP_MS) throw new Error("the purge did not end in 15 minutes");
        await new Promise((r) => setTimeout(r, 200));
      }
      const purged = (performance.now() - started) / 1000;
      return [
        below("Delete my account of 100,000 posts: answered", answered, 1000, "ms"),
        below("Delete my account of 100,000 posts: everything removed", purged, 300, "s"),
      ];
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
