import { chromium } from "@playwright/test";
import { serveSharedModules } from "../e2e/extension/shared-modules.ts";
import { chromiumArgs, chromiumPath } from "../e2e/support/chromium.ts";
import { below, info } from "./report.ts";

// Routed, never contacted; localhost is a secure context (crypto.randomUUID, like the site).
const ORIGIN = "http://localhost:4399";
const ROWS = 100_000;

/**
 * Writing 100,000 follow rows into IndexedDB in Chromium through the shared Dexie operations, as
 * the site does with the lists the bridge hands it (chunks of 2,000 rows, then finishing the run).
 * The shared modules are served as they are, with their types stripped, so what runs is the code
 * the extension and the site bundle.
 */
export async function run() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(),
    headless: true,
  });
  try {
    const page = await browser.newPage();
    await serveSharedModules(page, ORIGIN);
    await page.goto(`${ORIGIN}/`);
    const figures = await page.evaluate(async (rows) => {
      const load = (url: string) => import(url);
      const { P92Database } = (await load(
        "/shared/db/schema.ts",
      )) as typeof import("../../shared/db/schema.ts");
      const ops = (await load("/shared/db/imported.ts")) as typeof import("../../shared/db/imported.ts");
      const db = new P92Database(`bench-${crypto.randomUUID()}`);
      await db.open();
      const follows = Array.from({ length: rows }, (_, i) => ({
        list: "followers" as const,
        handle: `follower_${i}`,
        instagramId: String(1_000_000 + i),
        fullName: `Follower Person ${i}`,
        avatarUrl: `https://scontent.cdninstagram.com/v/t51.2885-19/${i}.jpg?oh=00_a&oe=6790`,
        isVerified: i % 50 === 0,
        importedAt: new Date().toISOString(),
      }));
      const timeRun = async (chunk: number) => {
        const run = await ops.beginFollowRun(db, "followers");
        const started = performance.now();
        for (let at = 0; at < rows; at += chunk) {
          await ops.storeFollowPage(db, {
            list: "followers",
            runId: run.runId,
            rows: follows.slice(at, at + chunk),
            nextCursor: at + chunk < rows ? String(at + chunk) : null,
          });
        }
        await ops.finishFollowRun(db, "followers", run.runId);
        return performance.now() - started;
      };
      const fresh = await timeRun(2000);
      const count = await db.follows.count();
      // A re-import over the same 100,000 rows: every row is rewritten under the new run.
      const again = await timeRun(2000);
      db.close();
      await db.delete();
      // This browser's floor: the same number of bare puts (a number under a number, no index,
      // one transaction), to tell the operation's cost from the machine's.
      const bare = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open(`bench-floor-${crypto.randomUUID()}`, 1);
        open.onupgradeneeded = () => open.result.createObjectStore("n");
        open.onsuccess = () => resolve(open.result);
      });
      const floorStarted = performance.now();
      await new Promise<void>((resolve) => {
        const tx = bare.transaction("n", "readwrite");
        for (let i = 0; i < rows; i++) tx.objectStore("n").put(i, i);
        tx.oncomplete = () => resolve();
      });
      const floor = performance.now() - floorStarted;
      bare.close();
      return { fresh, again, count, floor };
    }, ROWS);
    if (figures.count !== ROWS) throw new Error(`expected ${ROWS} rows stored, found ${figures.count}`);
    return [
      below(
        "write 100,000 follow rows to IndexedDB (Chromium, shared Dexie operation)",
        figures.fresh,
        2000,
        "ms",
      ),
      info("re-import the same 100,000 rows (update in place, finish run)", figures.again, "ms"),
      info("100,000 bare IndexedDB puts in this browser (the machine's floor)", figures.floor, "ms"),
    ];
  } finally {
    await browser.close();
  }
}
