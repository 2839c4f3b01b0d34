/**
 * The app shell: every file of one build (pages, islands, stylesheets, catalogs, icons), kept in
 * a cache named by the build's version so two builds never mix. The build writes the list into
 * the worker (site/build/service-worker.ts); the worker keeps it with `installShell` and answers
 * from it with `shellResponse`.
 */
export interface ShellFile {
  /** The file's path from the site's root, e.g. `/post/index.html`, `/_astro/x.js`. */
  url: string;
  /** A hash of its bytes: a changed file makes a new version. */
  revision: string;
}

export interface ShellManifest {
  /** A hash of every file's path and revision. */
  version: string;
  files: ShellFile[];
}

const SHELL_PREFIX = "p92-shell-";
export const shellCacheName = (version: string): string => `${SHELL_PREFIX}${version}`;

/**
 * Fetches every file of the build into its version's cache. One missing file fails the install,
 * so a half-deployed build is never kept (the browser tries again later). `cache: "reload"`
 * skips the HTTP cache, which may still hold a file of the build before.
 */
export async function installShell(caches: CacheStorage, manifest: ShellManifest): Promise<void> {
  const cache = await caches.open(shellCacheName(manifest.version));
  const present = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  for (const file of manifest.files) {
    if (present.has(file.url)) continue;
    const response = await fetch(file.url, { cache: "reload", credentials: "same-origin" });
    if (!response.ok || response.redirected) throw new Error(`${file.url}: ${response.status}`);
    await cache.put(file.url, response);
  }
}

/**
 * Once this version runs, every shell cache but its own and the one it replaced is deleted: a
 * page still open on the build before keeps finding that build's files (a catalog fetched
 * late), and only those, until it reloads.
 */
export async function dropOldShells(caches: CacheStorage, version: string): Promise<void> {
  const names = (await caches.keys()).filter((name) => name.startsWith(SHELL_PREFIX));
  const current = shellCacheName(version);
  const others = names.filter((name) => name !== current);
  // `caches.keys()` lists caches in the order they were made: the last other one is the previous.
  const previous = others.at(-1);
  await Promise.all(others.filter((name) => name !== previous).map((name) => caches.delete(name)));
}

/**
 * A file of this build's shell, else of the build before (for a page of that build still open).
 * Navigations only ever take this build's pages (`currentOnly`).
 */
export async function shellResponse(
  caches: CacheStorage,
  version: string,
  path: string,
  currentOnly: boolean,
): Promise<Response | undefined> {
  const own = await (await caches.open(shellCacheName(version))).match(path);
  if (own || currentOnly) return own;
  for (const name of await caches.keys()) {
    if (!name.startsWith(SHELL_PREFIX) || name === shellCacheName(version)) continue;
    const found = await (await caches.open(name)).match(path);
    if (found) return found;
  }
  return undefined;
}
