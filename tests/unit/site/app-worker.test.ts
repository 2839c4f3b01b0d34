import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { shellManifest, writeServiceWorker } from "../../../site/build/service-worker.ts";
import { MediaCache, MEDIA_CACHE_BYTES } from "../../../site/sw/media-cache.ts";
import { routeOf, STATIC_ROUTES, type RequestFacts } from "../../../site/sw/routes.ts";
import { dropOldShells, shellCacheName, shellResponse } from "../../../site/sw/shell.ts";
import { MemoryCache, MemoryCacheStorage } from "./memory-caches.ts";

const ORIGIN = "https://p92.test";
const SHELL = new Set([
  "/index.html",
  "/profile/index.html",
  "/post/index.html",
  "/settings/index.html",
  "/_astro/feed.js",
  "/favicon.svg",
]);
const get = (url: string, facts: Partial<RequestFacts> = {}): RequestFacts => ({
  method: "GET",
  url: new URL(url, ORIGIN).href,
  mode: "no-cors",
  ranged: false,
  ...facts,
});
const route = (facts: RequestFacts) => routeOf(facts, ORIGIN, SHELL);

describe("what the worker answers from where", () => {
  test("every page opens from the shell, whatever its address names", () => {
    const page = (url: string) => route(get(url, { mode: "navigate" }));
    expect(page("/")).toEqual({ kind: "page", path: "/index.html" });
    expect(page("/@alice")).toEqual({ kind: "page", path: "/profile/index.html" });
    expect(page("/@alice@elsewhere.example")).toEqual({ kind: "page", path: "/profile/index.html" });
    expect(page("/post/?id=abc")).toEqual({ kind: "page", path: "/post/index.html" });
    expect(page("/settings")).toEqual({ kind: "page", path: "/settings/index.html" });
    expect(page("/settings/")).toEqual({ kind: "page", path: "/settings/index.html" });
    // Not a page of the build: the server decides (a download, a 404, a user's actor).
    expect(page("/downloads/p92-chrome.zip")).toEqual({ kind: "network" });
    expect(page("/users/alice")).toEqual({ kind: "network" });
  });

  test("the API is never answered by the worker, but its photos and avatars are kept", () => {
    expect(route(get("/api/sync", { method: "POST" }))).toEqual({ kind: "network" });
    expect(route(get("/api/timeline/home"))).toEqual({ kind: "network" });
    expect(route(get("/api/media/abc.png"))).toEqual({ kind: "media" });
    expect(route(get("/api/remote-media/posts/p1/m1"))).toEqual({ kind: "media" });
    expect(route(get("/api/remote-media/avatars/bob%40x.example/v1"))).toEqual({ kind: "media" });
    // On the server the site talks to, wherever it is.
    expect(route(get("https://server.example/api/media/abc.jpg"))).toEqual({ kind: "media" });
    // A video being played asks for ranges: straight to the network.
    expect(route(get("/api/media/clip.mp4", { ranged: true }))).toEqual({ kind: "network" });
    expect(route(get("/api/media/abc.png", { method: "DELETE" }))).toEqual({ kind: "network" });
  });

  test("the shell's files come from it; the share target's POST is the worker's; the rest is left alone", () => {
    expect(route(get("/_astro/feed.js"))).toEqual({ kind: "shell", path: "/_astro/feed.js" });
    expect(route(get("/_astro/unknown.js"))).toEqual({ kind: "network" });
    expect(route(get("https://cdn.example/_astro/feed.js"))).toEqual({ kind: "network" });
    expect(route(get("/share/", { method: "POST", mode: "navigate" }))).toEqual({ kind: "share" });
    expect(route(get("https://other.example/share/", { method: "POST" }))).toEqual({ kind: "network" });
  });
});

test("the static routes are ones Chromium accepts and decide as the fetch handler does", () => {
  // addRoutes refuses the whole list for one pattern with a regular expression group.
  const patterns = STATIC_ROUTES.map((rule) => new URLPattern(rule.condition.urlPattern!, `${ORIGIN}/sw.js`));
  expect(patterns.map((pattern) => pattern.hasRegExpGroups)).toEqual(STATIC_ROUTES.map(() => false));
  const firstMatch = (url: string) =>
    STATIC_ROUTES[patterns.findIndex((p) => p.test(new URL(url, ORIGIN)))]?.source;
  expect(firstMatch("/_astro/feed.js")).toBe("cache");
  expect(firstMatch("/api/media/abc.png")).toBe("fetch-event");
  expect(firstMatch("/api/remote-media/posts/p1/m1")).toBe("fetch-event");
  expect(firstMatch("/api/sync")).toBe("network");
  expect(firstMatch("/@alice")).toBeUndefined();
});

describe("the shell of one build", () => {
  test("a build's version changes with any file's bytes, and the worker carries the list", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-shell-"));
    fs.mkdirSync(path.join(dir, "post"));
    fs.mkdirSync(path.join(dir, "screenshots"));
    fs.writeFileSync(path.join(dir, "index.html"), "<p>one</p>");
    fs.writeFileSync(path.join(dir, "post/index.html"), "<p>post</p>");
    fs.writeFileSync(path.join(dir, "screenshots/wide.png"), "not in the shell");
    const first = await writeServiceWorker(dir);
    expect(first.files.map((file) => file.url)).toEqual(["/index.html", "/post/index.html"]);
    expect(fs.readFileSync(path.join(dir, "sw.js"), "utf8")).toContain(first.version);
    // Written again over an unchanged build: the same worker, so browsers see no update.
    expect((await shellManifest(dir)).version).toBe(first.version);
    fs.writeFileSync(path.join(dir, "index.html"), "<p>two</p>");
    expect((await shellManifest(dir)).version).not.toBe(first.version);
    fs.rmSync(dir, { recursive: true });
  });

  test("once a build runs, only its shell and the one before are kept; pages come from its own", async () => {
    const caches = new MemoryCacheStorage();
    for (const version of ["v1", "v2", "v3"]) {
      const cache = await caches.open(shellCacheName(version));
      await cache.put("/index.html", new Response(`home ${version}`));
      await cache.put(`/_astro/${version}.js`, new Response(version));
    }
    await caches.open("p92-media");
    await dropOldShells(caches.asCacheStorage(), "v3");
    expect(await caches.keys()).toEqual([shellCacheName("v2"), shellCacheName("v3"), "p92-media"]);
    const storage = caches.asCacheStorage();
    expect(await (await shellResponse(storage, "v3", "/index.html", true))?.text()).toBe("home v3");
    // A page of the build before, still open, finds its own late file...
    expect(await (await shellResponse(storage, "v3", "/_astro/v2.js", false))?.text()).toBe("v2");
    // ...but a navigation never gets a page of another build.
    expect(await shellResponse(storage, "v3", "/_astro/v2.js", true)).toBeUndefined();
  });
});

describe("the media cache", () => {
  const file = (bytes: number) =>
    new Response(new Uint8Array(bytes), { headers: { "content-type": "image/png" } });

  test("ships bounded to 200 MB", () => {
    expect(MEDIA_CACHE_BYTES).toBe(200 * 1024 * 1024);
  });

  test("past its bound the oldest pictures go first, and the total is known again after a restart", async () => {
    const cache = new MemoryCache();
    const open = async () => cache as unknown as Cache;
    const media = new MediaCache(open, 1000);
    await media.store(`${ORIGIN}/api/media/a.png`, file(400));
    await media.store(`${ORIGIN}/api/media/b.png`, file(400));
    await media.store(`${ORIGIN}/api/media/c.png`, file(400));
    expect([...cache.entries.keys()]).toEqual([`${ORIGIN}/api/media/b.png`, `${ORIGIN}/api/media/c.png`]);
    expect(await media.size()).toBe(800);
    // One file larger than the whole bound is not kept (it would empty the cache for nothing).
    await media.store(`${ORIGIN}/api/media/huge.png`, file(1001));
    expect(cache.entries.size).toBe(2);

    const restarted = new MediaCache(open, 1000);
    expect(await restarted.size()).toBe(800);
    await restarted.store(`${ORIGIN}/api/media/d.png`, file(300));
    expect([...cache.entries.keys()]).toEqual([`${ORIGIN}/api/media/c.png`, `${ORIGIN}/api/media/d.png`]);
  });

  test("a kept picture is answered without the network", async () => {
    const cache = new MemoryCache();
    const media = new MediaCache(async () => cache as unknown as Cache, 1000);
    await media.store(`${ORIGIN}/api/media/a.png`, file(10));
    const answer = await media.respond(new Request(`${ORIGIN}/api/media/a.png`), () => undefined);
    expect((await answer.arrayBuffer()).byteLength).toBe(10);
    expect(answer.headers.get("content-type")).toBe("image/png");
  });
});
