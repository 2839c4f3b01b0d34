// The service worker (built into /sw.js by site/build/service-worker.ts, with this build's file
// list): the app shell from the cache, pictures kept for offline, the share target, and the
// outbox sent by Background Sync. Each part lives in its own module; this file only wires events.
import type { PageMessage } from "../lib/app-worker.ts";
import { OUTBOX_SYNC_TAG, syncInBackground } from "../lib/sync/background.ts";
import { MEDIA_CACHE_NAME, MediaCache } from "./media-cache.ts";
import { routeOf, STATIC_ROUTES } from "./routes.ts";
import { receiveShare } from "./share.ts";
import { dropOldShells, installShell, shellResponse, type ShellManifest } from "./shell.ts";
import type { WorkerScope } from "./types.ts";

declare const __P92_SHELL__: ShellManifest;
declare const self: WorkerScope;

const shell = __P92_SHELL__;
const shellPaths: ReadonlySet<string> = new Set(shell.files.map((file) => file.url));
const media = new MediaCache(() => self.caches.open(MEDIA_CACHE_NAME));

// A new build is fetched whole before it may run; it waits until the person reloads (the page
// shows "A new version of P92 is ready"), unless no page of the site is open.
self.addEventListener("install", (event) => {
  event.waitUntil(installShell(self.caches, shell));
  // Not every browser has static routes; where one refuses them the fetch handler does the same.
  event.addRoutes?.(STATIC_ROUTES).catch(() => undefined);
});

self.addEventListener("activate", (event) =>
  event.waitUntil(dropOldShells(self.caches, shell.version).then(() => self.clients.claim())),
);

self.addEventListener("message", (event) => {
  const message = event.data as PageMessage | null;
  if (message?.type === "skip-waiting") void self.skipWaiting();
  if (message?.type === "keep-media") event.waitUntil(keepMedia(message.urls));
});

/** At most this many pictures are fetched for one page's message. */
const KEEP_AT_ONCE = 100;

async function keepMedia(urls: unknown): Promise<void> {
  if (!Array.isArray(urls)) return;
  const storing: Promise<void>[] = [];
  for (const url of urls.slice(0, KEEP_AT_ONCE)) {
    if (typeof url !== "string" || !URL.canParse(url)) continue;
    const facts = { method: "GET", url, mode: "no-cors", ranged: false };
    if (routeOf(facts, self.location.origin, shellPaths).kind !== "media") continue;
    await media.respond(new Request(url), (work) => storing.push(work)).catch(() => undefined);
  }
  await Promise.all(storing);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const route = routeOf(
    { method: request.method, url: request.url, mode: request.mode, ranged: request.headers.has("range") },
    self.location.origin,
    shellPaths,
  );
  switch (route.kind) {
    case "page":
    case "shell":
      event.respondWith(
        shellResponse(self.caches, shell.version, route.path, route.kind === "page").then(
          (cached) => cached ?? fetch(request),
        ),
      );
      return;
    case "media":
      event.respondWith(media.respond(request, (work) => event.waitUntil(work)));
      return;
    case "share":
      event.respondWith(receiveShare(request, self.location.origin));
      return;
    case "network":
      return;
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === OUTBOX_SYNC_TAG) event.waitUntil(syncInBackground());
});
