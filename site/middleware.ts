import { defineMiddleware } from "astro:middleware";
import { ApiFailure } from "../shared/api-failure.ts";
import { errorResponse, notFound } from "./server/http/errors.ts";
import { guardInbox } from "./server/federation/inbox-guard.ts";
import { asksForActivityStreams, isFederationRequest, isInboxPath } from "./server/federation/paths.ts";
import { rateLimitKey } from "./server/http/client-address.ts";
import { runtimeOf } from "./server/http/endpoint.ts";

const ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS = "Authorization, Content-Type";

/**
 * The methods each API route file exports, by Astro's route pattern (`/api/posts/[id]`), for the
 * `Allow` header of a 405. HEAD comes with GET; OPTIONS is answered here for every route.
 */
const ROUTE_METHODS = new Map(
  Object.entries(import.meta.glob<Record<string, unknown>>("./pages/api/**/*.ts", { eager: true })).map(
    ([file, exports]) => {
      const methods = Object.keys(exports).filter((name) => /^[A-Z]+$/.test(name) && name !== "ALL");
      if (methods.includes("GET")) methods.push("HEAD");
      const pattern = file.slice("./pages".length, -".ts".length).replace(/\/index$/, "");
      return [pattern, [...methods, "OPTIONS"].join(", ")];
    },
  ),
);

/**
 * Federation first: WebFinger, NodeInfo, inboxes, and any request asking for ActivityStreams go to
 * Fedify; what it has no document for is a 404 when ActivityStreams was asked for, and otherwise
 * goes on to the site's routes.
 *
 * Then CORS for /api only: pages from the configured site origins (P92_SITE_ORIGINS) may call the
 * API, so dist/client can be hosted elsewhere; any other origin gets no CORS headers.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const { request } = context;
  if (isFederationRequest(request.method, context.url.pathname, request.headers.get("accept"))) {
    const runtime = runtimeOf(context);
    let forwarded = request;
    if (isInboxPath(context.url.pathname)) {
      const address = rateLimitKey(context.locals.clientAddress);
      const guarded = await guardInbox(request, runtime, address);
      if (guarded instanceof ApiFailure) return errorResponse(guarded);
      forwarded = guarded;
    }
    // A request for an ActivityStreams document that Fedify does not have (no such account, a
    // post from another server) gets 404, not the site's P92 JSON of the same path.
    const asks = asksForActivityStreams(request.method, request.headers.get("accept"));
    return runtime.federation.fetch(forwarded, {
      contextData: runtime,
      onNotFound: () =>
        asks ? errorResponse(notFound(`An ActivityStreams document at ${context.url.pathname}`)) : next(),
      onNotAcceptable: () => next(),
    });
  }
  if (!context.url.pathname.startsWith("/api/")) return next();
  const origin = context.request.headers.get("origin");
  const allowed = origin !== null && runtimeOf(context).config.siteOrigins.includes(origin);
  if (context.request.method === "OPTIONS") {
    const headers = new Headers({ Vary: "Origin" });
    if (allowed) {
      headers.set("Access-Control-Allow-Origin", origin);
      headers.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
      headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      headers.set("Access-Control-Max-Age", "600");
    }
    return new Response(null, { status: 204, headers });
  }
  let response = await next();
  // Astro answers a method a route does not export with an empty 404; the API answers in JSON.
  if (response.status === 404 && !response.headers.get("content-type")?.includes("json")) {
    const allow = ROUTE_METHODS.get(context.routePattern);
    response = errorResponse(
      new ApiFailure(
        405,
        "method_not_allowed",
        `${context.request.method} is not allowed on ${context.url.pathname}`,
        undefined,
        allow ? { Allow: allow } : {},
      ),
    );
  }
  if (allowed) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Access-Control-Expose-Headers", "Retry-After");
    response.headers.append("Vary", "Origin");
  }
  return response;
});
