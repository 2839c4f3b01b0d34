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
 * Fetches every file of the build into its version's cache, each checked against the hash the
 * build wrote (a CDN or a deploy half done may still answer a file of another build). One missing
 * or different file fails the install and removes the cache it began, so a half-fetched build is
 * never kept, nor taken for the build before (the browser tries again later). `cache: "reload"` skips the HTTP cache, which may
 * still hold a file of the build before.
 */
export async function installShell(caches: CacheStorage, manifest: ShellManifest): Promise<void> {
  const name = shellCacheName(manifest.version);
  // The same files under a new worker (only its code changed): the running one's cache, whose
  // files were checked when stored, is completed, never removed.
  const existed = await caches.has(name);
  const cache = await caches.open(name);
  const present = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  try {
    for (const file of manifest.files) {
      if (present.has(file.url)) continue;
      const response = await fetch(file.url, { cache: "reload", credentials: "same-origin" });
      if (!response.ok || response.redirected) throw new Error(`${file.url}: ${response.status}`);
      const revision = await revisionOf(await response.clone().arrayBuffer());
      if (revision !== file.revision) throw new Error(`${file.url}: not the file of this build`);
      await cache.put(file.url, response);
    }
  } catch (error) {
    if (!existed) await caches.delete(name);
    throw error;
  }
}

/** A file's revision, written by the build (site/build/service-worker.ts) and checked here: SHA-256, 20 hex digits. */
export async function revisionOf(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, 20);
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
