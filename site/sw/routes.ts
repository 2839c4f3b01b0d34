import { SHARE_PATH } from "../../shared/site-paths.ts";
import type { RouterRule } from "./types.ts";

/**
 * What the worker does with each request, decided from the request alone (no I/O) so it can be
 * tested as a table. The API is never answered from a cache: IndexedDB is the site's cache and
 * the sync engine queues what waits for the network.
 */
export type Route =
  /** A navigation answered by a page of the shell (cache first: the pages are static). */
  | { kind: "page"; path: string }
  /** A file of the shell (an island, a stylesheet, an icon). */
  | { kind: "shell"; path: string }
  /** A photo, poster or avatar: the bounded media cache. */
  | { kind: "media" }
  /** The share target's POST (manifest `share_target`). */
  | { kind: "share" }
  /** Left to the browser: the API, downloads, other sites, anything not in the shell. */
  | { kind: "network" };

export interface RequestFacts {
  method: string;
  url: string;
  mode: string;
  /** Whether it asks for a byte range (a video being played): never cached. */
  ranged: boolean;
}

/** A P92 server's uploaded and proxied files, on whichever server the site talks to. */
const MEDIA_PATH = /^\/api\/(media|remote-media\/(posts|avatars))\/[^/]+/;
const NETWORK: Route = { kind: "network" };

export function routeOf(request: RequestFacts, origin: string, shell: ReadonlySet<string>): Route {
  const url = new URL(request.url);
  const here = url.origin === origin;
  if (request.method === "POST" && here && url.pathname === SHARE_PATH) return { kind: "share" };
  if (request.method !== "GET") return NETWORK;
  if (MEDIA_PATH.test(url.pathname) && url.protocol.startsWith("http"))
    return request.ranged ? NETWORK : { kind: "media" };
  if (!here || url.pathname === "/api" || url.pathname.startsWith("/api/")) return NETWORK;
  if (request.mode === "navigate") {
    const page = pageFor(url.pathname, shell);
    return page ? { kind: "page", path: page } : NETWORK;
  }
  return shell.has(url.pathname) ? { kind: "shell", path: url.pathname } : NETWORK;
}

/**
 * The page a path opens, as the server maps it (site/server/http/site-handler.ts): `/@handle`
 * is the profile shell, `/settings` and `/settings/` are `settings/index.html`. The query
 * (`/post/?id=…`) is read by the page itself.
 */
export function pageFor(pathname: string, shell: ReadonlySet<string>): string | null {
  if (pathname.startsWith("/@")) return shell.has("/profile/index.html") ? "/profile/index.html" : null;
  const candidates = pathname.endsWith("/")
    ? [`${pathname}index.html`]
    : [pathname, `${pathname}/index.html`];
  return candidates.find((path) => path.endsWith(".html") && shell.has(path)) ?? null;
}

/**
 * The same decisions, for the browser to apply before the worker even runs (where it can: the
 * Static Routing API, Chromium 123+; the first rule that matches wins): the build's hashed files
 * straight from the caches (any build's copy is the same bytes; a miss goes to the network), the
 * API's pictures to the fetch handler, the rest of the API straight to the network. Everything
 * else (pages, the share target) goes to the fetch handler. The API refuses patterns with regular
 * expressions and `not` beside other conditions, hence one rule per path.
 */
export const STATIC_ROUTES: RouterRule[] = [
  { condition: { urlPattern: "/_astro/*", requestMethod: "get" }, source: "cache" },
  { condition: { urlPattern: "/api/media/*" }, source: "fetch-event" },
  { condition: { urlPattern: "/api/remote-media/*" }, source: "fetch-event" },
  { condition: { urlPattern: "/api/*" }, source: "network" },
];
