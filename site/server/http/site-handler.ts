import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import send from "send";
import type { Runtime } from "../runtime.ts";
import { mediaDir } from "../media/files.ts";
import { RemoteMediaCache, remoteMediaDir } from "../media/remote-cache.ts";
import { isRemoteMediaPath, serveRemoteMedia } from "../media/remote-serve.ts";
import { serveMedia } from "../media/serve.ts";
import { serveArchive } from "../archive/serve.ts";
import { ARCHIVE_DOWNLOAD_PATH } from "../archive/tickets.ts";
import { asksForActivityStreams, documentPathOf } from "../federation/paths.ts";
import { ClientAddresses } from "./client-address.ts";
import { compressedCopy } from "./compressed-files.ts";
import { COMPRESSIBLE_TYPES } from "../../../shared/compressed-files.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { SHARE_FAILED_PATH, SHARE_PATH } from "../../../shared/site-paths.ts";
import { writeFailure } from "./errors.ts";
import { FALLBACK_PAGE_POLICY, pagePolicy, setApiHeaders, setCommonHeaders } from "./security-headers.ts";

/** Astro's request handler in middleware mode; `locals` reach every route as `context.locals`. */
export type AstroHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  next: undefined,
  locals: App.Locals,
) => unknown;
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/** Astro's hashed build assets never change under the same name. */
const IMMUTABLE = "public, max-age=31536000, immutable";
const MEDIA_PATH = /^\/api\/media\/([^/]+)$/;

/** The API is made of on-demand routes only: no file in dist/client can answer under /api/. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/** Federation's discovery documents (WebFinger, NodeInfo): on-demand too, never a built file. */
export function isDiscoveryPath(pathname: string): boolean {
  return pathname.startsWith("/.well-known/") || pathname.startsWith("/nodeinfo/");
}

/**
 * One Node request handler for the whole site: media files are streamed from the data directory,
 * the rest of /api/ and federation's discovery paths (/.well-known/, /nodeinfo/) go straight to
 * Astro's on-demand routes (and its middleware, where Fedify answers); every other path is first looked up
 * among the prerendered files of dist/client (the way the Node adapter's standalone server does
 * it), `/@handle` is the profile page's shell, and anything else falls back to Astro
 * (`/downloads/`, the 404 page). Skipping the file lookup for the API saves a third of the cost of
 * a small API request. Every route gets the one runtime and the client's address as `locals`.
 */
export function createSiteHandler(options: {
  astro: AstroHandler;
  clientDir: string;
  runtime: Runtime;
}): NodeHandler {
  const clientDir = path.resolve(options.clientDir);
  const { runtime } = options;
  const addresses = new ClientAddresses(runtime.config.trustedProxies);
  const { config } = runtime;
  const media = { store: runtime.store, dir: mediaDir(config.dataDir) };
  const remoteMedia = {
    store: runtime.store,
    cache: new RemoteMediaCache({
      dir: remoteMediaDir(config.dataDir),
      maxBytes: config.remoteMediaCacheBytes,
      maxImageBytes: config.media.maxImageBytes,
      maxVideoBytes: config.media.maxVideoBytes,
      blocked: runtime.blocked,
      allowPrivate: config.federationAllowPrivate,
      publicUrl: config.publicUrl,
    }),
  };
  return (request, response) => {
    const url = request.url ?? "/";
    const urlPath = url.split(/[?#]/, 1)[0]!;
    // Decoded as `send` decodes it (`%2F` included), so `/api%2Fx` is an API path too and no
    // built file can answer under /api/. A NUL byte names no file on any system.
    let decoded: string | null = null;
    try {
      decodeURI(url);
      decoded = decodeURIComponent(urlPath);
    } catch {
      // Not decodable: answered below.
    }
    if (decoded === null || decoded.includes("\0")) return badRequest(response, urlPath);
    const locals = {
      runtime,
      clientAddress: addresses.of(request.socket.remoteAddress, request.headers["x-forwarded-for"]),
    };
    const astro = () => options.astro(request, response, undefined, locals);
    if (isApiPath(decoded)) {
      setApiHeaders(response);
      const file = MEDIA_PATH.exec(decoded)?.[1];
      const reading = request.method === "GET" || request.method === "HEAD";
      if (reading && (file !== undefined || isRemoteMediaPath(decoded))) {
        const serving =
          file !== undefined
            ? serveMedia(request, response, file, media)
            : serveRemoteMedia(request, response, decoded, remoteMedia);
        return answered(serving, response, "Media failed");
      }
      if (reading && decoded.startsWith(ARCHIVE_DOWNLOAD_PATH)) {
        const ticket = decoded.slice(ARCHIVE_DOWNLOAD_PATH.length);
        return answered(serveArchive(request, response, ticket, runtime), response, "The archive failed");
      }
      return astro();
    }
    if (decoded === SHARE_PATH || decoded === "/share") return answerShare(request, response);
    if (isDiscoveryPath(decoded)) {
      setApiHeaders(response);
      return astro();
    }
    const document = asksForActivityStreams(request.method, request.headers.accept)
      ? documentPathOf(decoded, new URLSearchParams(url.slice(urlPath.length).split("#", 1)[0]))
      : null;
    if (document) {
      // Another server asking a page's address for its ActivityStreams document.
      request.url = document;
      setApiHeaders(response);
      return astro();
    }
    setCommonHeaders(response);
    // A page and its document share the address (a profile, a post): caches must tell them apart.
    if (decoded.startsWith("/@") || decoded === "/post/" || decoded === "/post")
      response.setHeader("Vary", "Accept");
    serveFile(request, response, { clientDir, urlPath, decoded }, () => {
      response.setHeader("Content-Security-Policy", FALLBACK_PAGE_POLICY);
      return astro();
    });
  };
}

/**
 * A route answered outside Astro: its ApiFailure is its answer, anything else a 500; past the
 * headers, the connection is cut (the client then knows the answer is not whole).
 */
function answered(serving: Promise<void>, response: ServerResponse, what: string): Promise<void> {
  return serving.catch((error: unknown) => {
    if (!(error instanceof ApiFailure)) console.error(error);
    if (response.headersSent) return void response.destroy();
    writeFailure(response, error instanceof ApiFailure ? error : new ApiFailure(500, "internal", what));
  });
}

/**
 * The share target's POST reached the server: no service worker took it (cleared, or not yet
 * installed), so nothing shared can be kept. The home page says so; the body is not read, and the
 * connection closes rather than wait for it. A visit to the address goes home.
 */
function answerShare(request: IncomingMessage, response: ServerResponse): void {
  setCommonHeaders(response);
  const posted = request.method === "POST";
  if (posted) response.setHeader("Connection", "close");
  response.writeHead(303, { Location: posted ? SHARE_FAILED_PATH : "/" }).end();
}

/** A URL no route can take: the API's JSON error shape under /api, plain text elsewhere. */
function badRequest(response: ServerResponse, urlPath: string): void {
  if (isApiPath(urlPath)) {
    writeFailure(response, new ApiFailure(400, "bad_request", "The URL cannot be decoded."));
  } else {
    response.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request.");
  }
}

/** Whether `file` is a directory; a name the system refuses (too long, not a folder) is not. */
function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** The built file a path names: `/settings` is settings/index.html, `/@alice` the profile shell. */
function targetOf(clientDir: string, urlPath: string, decoded: string): string {
  if (decoded.startsWith("/@")) return "/profile/index.html";
  const file = path.join(clientDir, decoded);
  const inside = file === clientDir || file.startsWith(clientDir + path.sep);
  return path.posix.normalize(
    inside && isDirectory(file) && !urlPath.endsWith("/") ? `${urlPath}/index.html` : urlPath,
  );
}

function serveFile(
  request: IncomingMessage,
  response: ServerResponse,
  where: { clientDir: string; urlPath: string; decoded: string },
  fallback: () => unknown,
): void {
  const { clientDir, urlPath, decoded } = where;
  const target = targetOf(clientDir, urlPath, decoded);
  // The build's compressed copy (site/build/precompress.ts) when the browser takes one: a
  // quarter to a third of the bytes of pages, scripts and styles.
  const page = target.endsWith("/") ? `${target}index.html` : target;
  const encoding = compressedCopy(path.join(clientDir, page), request.headers["accept-encoding"]);
  let found = false;
  send(request, encoding ? page + encoding.extension : target, { root: clientDir, dotfiles: "deny" })
    .on("file", () => (found = true))
    .on("headers", (res: ServerResponse, sent: string, stat: fs.Stats) => {
      const file = encoding ? sent.slice(0, -encoding.extension.length) : sent;
      if (encoding) {
        res.setHeader("Content-Encoding", encoding.name);
        res.setHeader("Content-Type", COMPRESSIBLE_TYPES[path.extname(file)]!);
      }
      // Caches keep one answer per encoding of every file that has compressed copies.
      if (path.extname(file) in COMPRESSIBLE_TYPES) res.appendHeader("Vary", "Accept-Encoding");
      if (target.startsWith("/_astro/")) res.setHeader("Cache-Control", IMMUTABLE);
      if (file.endsWith(".html")) {
        // The policy is read from the page itself, and kept while the page does not change.
        const pageTime = encoding
          ? (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0)
          : stat.mtimeMs;
        res.setHeader("Content-Security-Policy", pagePolicy(file, pageTime));
      }
    })
    .on("error", (error: { statusCode?: number }) => {
      if (!found) return void fallback();
      // Failing halfway through the body: the answer can only be cut short.
      if (response.headersSent) return void response.destroy();
      // The file exists but cannot be sent (unreadable, a bad range...): say so, do not render.
      const status = error.statusCode ?? 500;
      response.removeHeader("Content-Encoding");
      response.writeHead(status).end(status >= 500 ? "Internal server error" : "");
    })
    .pipe(response);
}
