// The site's performance figures (issues 5 and 16): JavaScript shipped to the feed page, first
// post painted with 10,000 posts on the device (from the network, and from a warm service
// worker), and post elements kept in the DOM while scrolling.
// Needs the built site and server (P92_OUT_DIR) and Chromium (P92_CHROMIUM).
import { chromium, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromiumArgs, chromiumPath } from "../e2e/support/chromium.ts";
import { SERVER_ENTRY, startServer } from "../e2e/support/server.ts";
import { atMost, below, info, percentile, type BenchResult } from "./report.ts";

const POSTS = 10_000;

export async function run(): Promise<BenchResult[]> {
  const removeFloor = writeFloorPage();
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs() });
  try {
    const page = await (await browser.newContext({ viewport: { width: 800, height: 900 } })).newPage();
    await signIn(page, server.url);

    const js = await javaScriptShipped(page, server.url);
    await seedPosts(page, POSTS);
    await watchFirstPost(page);
    // The same page and device data, the service worker bypassed (every file from the server,
    // the HTTP cache allowed, as before the worker existed), then answering.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.setBypassServiceWorker", { bypass: true });
    const cold = await firstPostPainted(page, server.url);
    await cdp.send("Network.setBypassServiceWorker", { bypass: false });
    await page.evaluate(() => navigator.serviceWorker.ready);
    const warm = await firstPostPainted(page, server.url);
    const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
    if (!controlled) throw new Error("the service worker did not take the page");
    const maxElements = await scrollThrough(page);
    const floor = await firstPostPainted(page, `${server.url}${FLOOR_PATH}`);
    return [
      atMost("site: JS shipped to the feed page (gzip, all islands)", js / 1024, 64, "KB"),
      below("site: first post painted, 10,000 posts on the device", cold.paint, 150, "ms"),
      info("site: of which: until the page's scripts arrived", cold.scriptsIn, "ms"),
      below("site: first post painted, warm service worker", warm.paint, 100, "ms"),
      info("site: of which: until the page's scripts arrived (worker)", warm.scriptsIn, "ms"),
      info("site: floor: a bare page painting the newest post from IndexedDB", floor.paint, "ms"),
      below("site: post elements in the DOM, scrolling 10,000 posts", maxElements.max, 200, "elements"),
      info("site: posts scrolled through", maxElements.seen, "posts"),
    ];
  } finally {
    await browser.close();
    await server.stop();
    removeFloor();
  }
}

/**
 * The platform's floor for first paint: a page of the same server with the site's stylesheet and
 * one small module that opens the same IndexedDB, reads the newest post with a bare cursor and
 * adds it to the page; no framework, no island, no sync. Written into the build for the run only.
 */
const FLOOR_PATH = "/bench-floor/";
function writeFloorPage(): () => void {
  const client = path.join(path.dirname(path.dirname(SERVER_ENTRY)), "client");
  const dir = path.join(client, FLOOR_PATH);
  const stylesheet = fs.readdirSync(path.join(client, "_astro")).find((f) => f.endsWith(".css"));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>floor</title>` +
      `<link rel="stylesheet" href="/_astro/${stylesheet}"></head>` +
      `<body><main></main><script type="module" src="${FLOOR_PATH}floor.js"></script></body></html>`,
  );
  fs.writeFileSync(
    path.join(dir, "floor.js"),
    `const open = indexedDB.open("p92");
open.onsuccess = () => {
  const cursor = open.result.transaction("posts").objectStore("posts").index("createdAt").openCursor(null, "prev");
  cursor.onsuccess = () => {
    const article = document.createElement("article");
    article.className = "post";
    article.textContent = cursor.result.value.text;
    document.querySelector("main").append(article);
  };
};`,
  );
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

async function signIn(page: Page, url: string): Promise<void> {
  const response = await fetch(`${url}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      handle: "bench",
      password: "correct horse battery",
      profile: { displayName: "Bench" },
    }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${await response.text()}`);
  await page.goto(url);
  await page.getByText("I already have an account: sign in").click();
  await page.getByLabel("Handle").fill("bench");
  await page.getByLabel(/^Password/).fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("What's new?").waitFor();
}

/** Every script the feed page runs, external or inline, each gzipped as a server would send it. */
async function javaScriptShipped(page: Page, url: string): Promise<number> {
  const bodies: Promise<Buffer>[] = [];
  const onResponse = (response: import("@playwright/test").Response) => {
    if (response.request().resourceType() === "script") bodies.push(response.body());
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "networkidle" });
  await page.getByLabel("What's new?").waitFor();
  page.off("response", onResponse);
  const inline = await page.evaluate(() =>
    [...document.querySelectorAll("script:not([src])")].map((s) => s.textContent ?? ""),
  );
  let total = 0;
  for (const body of await Promise.all(bodies)) total += gzipSync(body, { level: 9 }).length;
  for (const text of inline) total += gzipSync(Buffer.from(text), { level: 9 }).length;
  return total;
}

/** Writes posts straight into the site's IndexedDB, as many syncs would have over time. */
async function seedPosts(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("p92");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction("posts", "readwrite");
    const store = tx.objectStore("posts");
    const start = Date.now() - 60_000;
    for (let i = 0; i < count; i++) {
      const time = start - i * 60_000;
      const hex = time.toString(16).padStart(12, "0");
      const tail = i.toString(16).padStart(12, "0");
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-${tail}`;
      store.put({
        id,
        url: `${location.origin}/api/posts/${id}`,
        author: "bench",
        text: `Post number ${i}: a few words, a link https://example.com/${i} and #tag${i % 10}.`,
        links: [`https://example.com/${i}`],
        media: [],
        replyTo: null,
        quoteOf: null,
        createdAt: new Date(time).toISOString(),
        replyCount: i % 3,
        likeCount: i % 7,
        repostCount: i % 5,
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
}

/**
 * Milliseconds from the start of navigation to the first post element in the page, and how much
 * of it went to getting the HTML and the scripts (median of 5 each).
 */
async function firstPostPainted(page: Page, url: string): Promise<{ paint: number; scriptsIn: number }> {
  const samples: number[] = [];
  const arrivals: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(url);
    await page.waitForFunction(() => (window as { firstPostAt?: number }).firstPostAt !== undefined);
    samples.push(await page.evaluate(() => (window as { firstPostAt?: number }).firstPostAt!));
    arrivals.push(
      await page.evaluate(() =>
        Math.max(
          ...performance
            .getEntriesByType("resource")
            .filter((e) => e.name.endsWith(".js"))
            .map((e) => (e as PerformanceResourceTiming).responseEnd),
        ),
      ),
    );
  }
  return { paint: percentile(samples, 50), scriptsIn: percentile(arrivals, 50) };
}

/** Notes, in every page the tab opens, when the first post element is painted (`firstPostAt`). */
async function watchFirstPost(page: Page): Promise<void> {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("article.post")) {
        observer.disconnect();
        // The frame that paints the post: its animation-frame callback runs just before painting.
        requestAnimationFrame(() => ((window as { firstPostAt?: number }).firstPostAt = performance.now()));
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Scrolls to the last of the posts, recording the most post elements the DOM held at once. */
async function scrollThrough(page: Page): Promise<{ max: number; seen: number }> {
  let max = 0;
  let seen = 0;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const state = await page.evaluate(async () => {
      window.scrollBy(0, window.innerHeight * 3);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const articles = document.querySelectorAll("article.post");
      const last = articles[articles.length - 1]?.textContent ?? "";
      return { count: articles.length, last: Number(/Post number (\d+)/.exec(last)?.[1] ?? -1) };
    });
    max = Math.max(max, state.count);
    seen = Math.max(seen, state.last + 1);
    if (seen >= POSTS) break;
  }
  return { max, seen };
}
