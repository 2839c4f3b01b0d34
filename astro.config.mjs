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
  outDir: "./dist",
  output: "static",
  adapter: node({ mode: "standalone" }),
  integrations: [preact()],
  server: { host: "localhost", port: 4321 },
});
