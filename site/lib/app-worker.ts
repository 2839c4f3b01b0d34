/**
 * What the page says to the worker: run the waiting build, or keep the pictures the page showed
 * before the worker was running (its first visit), so they are there offline too.
 */
export type PageMessage = { type: "skip-waiting" } | { type: "keep-media"; urls: string[] };

/** The service worker's cache of pictures already seen (site/sw/media-cache.ts). */
export const MEDIA_CACHE_NAME = "p92-media";

/** How often an open page asks whether a new build was deployed (also on every return to it). */
export const UPDATE_CHECK_MS = 60 * 60 * 1000;

let registered: ServiceWorkerRegistration | null = null;
let reloading = false;

/**
 * Registers the service worker (/sw.js, built with the pages) and tells `onUpdate` when a new
 * build is installed and waiting: the page keeps running its own build, whose files the worker
 * still serves, until the person reloads through `applyUpdate`. Nothing happens where service
 * workers do not exist (or in a private window that refuses them).
 */
export async function startAppWorker(onUpdate: () => void): Promise<void> {
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!container) return;
  // A page opened before any worker ran is not running an older build.
  const hadController = container.controller !== null;
  // After the page's own files and first data: a first visit's worker downloads the whole shell,
  // which would otherwise take the network and the cores from them (web.dev's advice on
  // registration; measured: on two cores, Lighthouse's blocking time doubled). A returning visit is
  // served by the worker already running, whose update check this only delays.
  await settled();
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register("/sw.js", { scope: "/" });
  } catch {
    return;
  }
  registered = registration;
  const offer = (worker: ServiceWorker | null) => {
    if (worker && container.controller) onUpdate();
  };
  offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      if (installing.state === "installed") offer(installing);
    });
  });
  container.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
    // Another tab took the new build: this page runs the old one under the new worker.
    else if (hadController) onUpdate();
    // The first worker just started: the pictures already shown went past it.
    else keepShownMedia(container.controller);
  });
  const check = () => void registration.update().catch(() => undefined);
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") check();
  });
}

/**
 * How long after `load` the worker is registered, at the first moment the page is idle: the
 * islands fetch and show their data after `load`, which on a phone takes about this long.
 */
export const REGISTER_AFTER_LOAD_MS = 2000;

/** Resolves once the page has loaded, its first data had time to arrive, and it is idle. */
async function settled(): Promise<void> {
  if (document.readyState !== "complete")
    await new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  await new Promise((resolve) => setTimeout(resolve, REGISTER_AFTER_LOAD_MS));
  if (typeof requestIdleCallback === "function")
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 }));
}

/**
 * Runs the new build: the waiting worker takes over, then the page reloads with its files. When
 * none waits any more (another tab already took it), the page only reloads: it is already served
 * by the new worker.
 */
export function applyUpdate(): void {
  reloading = true;
  const waiting = registered?.waiting;
  if (!waiting) return location.reload();
  const message: PageMessage = { type: "skip-waiting" };
  waiting.postMessage(message);
}

/** Asks the worker to keep the photos, posters and avatars this page shows (it filters them). */
function keepShownMedia(worker: ServiceWorker | null): void {
  const urls = new Set<string>();
  for (const image of document.images) if (image.currentSrc) urls.add(image.currentSrc);
  for (const video of document.querySelectorAll("video")) if (video.poster) urls.add(video.poster);
  const message: PageMessage = { type: "keep-media", urls: [...urls] };
  worker?.postMessage(message);
}
