import fs from "node:fs";
import { tempDir } from "../e2e/support/server.ts";
import { openDatabase } from "../../site/server/storage/sqlite.ts";
import { openSqliteStore } from "../../site/server/storage/sqlite-store.ts";
import type { Store } from "../../site/server/storage/store.ts";
import { below, info, type BenchResult } from "./report.ts";

const PROVEN = 100_000;
const FOLLOWING = 7_500;
const WAITING = 50_000;

/**
 * The social graph at scale, through the real SQLite store: matching a full 7,500-handle
 * Instagram following list against 100,000 proven accounts, and the arrival of an account that
 * 50,000 waiting people follow on Instagram (all their follows, counts, change-log rows and
 * notifications in the proving transaction). Seeded straight into SQLite, set-based.
 */
export async function run(): Promise<BenchResult[]> {
  const dataDir = tempDir("bench-graph");
  const results: BenchResult[] = [];
  const { db } = openDatabase(dataDir);
  let store: Store | null = null;
  try {
    const seeding = performance.now();
    db.exec("PRAGMA synchronous = OFF");
    db.exec("BEGIN");
    // Accounts 1..100,000 proved ig_<n>; accounts 100,001..150,000 wait for "newcomer.ig";
    // account 150,001 is the newcomer; the matcher is account 1.
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PROVEN + WAITING + 1})
      INSERT INTO accounts (id, handle, password_hash, password_salt, instagram_handle, instagram_proven, created_at)
      SELECT i, 'user' || i, x'00', x'00', CASE WHEN i <= ${PROVEN} THEN 'ig_' || i END,
        CASE WHEN i <= ${PROVEN} THEN 1 ELSE 0 END, '2026-01-01T00:00:00.000Z' FROM n;
      INSERT INTO instagram_links (handle, account_id, verified, proven_at)
      SELECT instagram_handle, id, 0, created_at FROM accounts WHERE instagram_proven = 1;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${FOLLOWING})
      INSERT INTO instagram_lists (account_id, list, handle) SELECT 1, 'following', 'ig_' || (i * 13) FROM n;
      INSERT INTO instagram_lists (account_id, list, handle)
      SELECT id, 'following', 'newcomer.ig' FROM accounts WHERE id > ${PROVEN} AND id <= ${PROVEN + WAITING};
    `);
    db.exec("COMMIT");
    db.close();
    results.push(
      info("seed 100,000 proven accounts and 50,000 waiting lists", performance.now() - seeding, "ms"),
    );

    // The seeding connection is closed: the store is the database's one writer.
    store = openSqliteStore(dataDir);
    const matching = performance.now();
    const found = await store.instagramMatches(1);
    const matchMs = performance.now() - matching;
    if (found.accounts.length !== FOLLOWING)
      throw new Error(`matched ${found.accounts.length}, not ${FOLLOWING}`);
    results.push(
      below("match a 7,500-handle following list against 100,000 proven accounts", matchMs, 1000, "ms"),
    );

    const newcomer = PROVEN + WAITING + 1;
    await store.saveProof(newcomer, {
      handle: "newcomer.ig",
      code: "p92-bench",
      expiresAt: "2999-01-01T00:00:00Z",
    });
    const arriving = performance.now();
    const outcome = await store.proveInstagram(
      newcomer,
      { handle: "newcomer.ig", code: "p92-bench", username: "newcomer.ig", verified: false },
      new Date().toISOString(),
    );
    const arrivalMs = performance.now() - arriving;
    if (
      outcome.status !== "proven" ||
      outcome.autoFollowed !== WAITING ||
      outcome.account.followerCount !== WAITING
    ) {
      throw new Error(`arrival created ${outcome.status === "proven" ? outcome.autoFollowed : 0} follows`);
    }
    results.push(
      below("arrival followed by 50,000 waiting people: every follow committed", arrivalMs, 5000, "ms"),
    );
  } finally {
    if (db.isOpen) db.close();
    store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
