// @ts-check
import { defineConfig } from "astro/config";
import node from "@astrojs/node";
import preact from "@astrojs/preact";
import { installableApp } from "./site/build/integration.ts";

// Pages are prerendered to static HTML in dist/client, deployable to any static host; the
// server (JSON API, sync endpoint) is made of on-demand routes (`prerender = false`). The Node
// adapter runs in middleware mode: dist/server/entry.mjs exports Astro's request handler, and
// site/server/serve.ts listens, sending /api/ straight to it and other paths to dist/client first.
export default defineConfig({
  srcDir: "./site",
  publicDir: "./site/public",
  // P92_OUT_DIR lets two builds (e.g. parallel test runs) use separate folders.
  outDir: process.env.P92_OUT_DIR ?? "./dist",
  output: "static",
  adapter: node({ mode: "middleware" }),
  // installableApp: the app's icons and the service worker (site/sw/), written after the pages.
  integrations: [preact(), installableApp()],
  // A Content-Security-Policy meta tag in every page: scripts and styles only from this site or
  // with the hashes Astro computes for its own inline island loader, never 'unsafe-inline' or
  // 'unsafe-eval' (https://docs.astro.build/en/reference/configuration-reference/#securitycsp).
  security: {
    // The API authenticates with bearer tokens, never cookies, so cross-site form posts cannot
    // act for anyone; Astro's origin check would instead refuse body-less POST/DELETE from the
    // site's other origins (P92_SITE_ORIGINS) and from non-browser clients. CORS: site/middleware.ts.
    checkOrigin: false,
    csp: {
      directives: ["object-src 'none'", "base-uri 'self'", "form-action 'self'"],
    },
  },
  server: { host: "localhost", port: 4321 },
});
