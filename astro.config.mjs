// @ts-check
import { defineConfig } from "astro/config";
import node from "@astrojs/node";
import preact from "@astrojs/preact";

// Pages are prerendered to static HTML in dist/client, deployable to any static host; the
// server (JSON API, sync endpoint) is made of on-demand routes (`prerender = false`) served by
// the Node adapter in standalone mode from dist/server/entry.mjs.
export default defineConfig({
  srcDir: "./site",
  publicDir: "./site/public",
  // P92_OUT_DIR lets two builds (e.g. parallel test runs) use separate folders.
  outDir: process.env.P92_OUT_DIR ?? "./dist",
  output: "static",
  adapter: node({ mode: "standalone" }),
  integrations: [preact()],
  server: { host: "localhost", port: 4321 },
});
