import { defineConfig } from "wxt";
import packageJson from "../package.json" with { type: "json" };

// The P92 site the extension talks to out of the box; more origins are added at run time from
// the options page (optional host permissions).
const siteUrl = process.env.P92_SITE_URL ?? "http://localhost:4321";

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  // Explicit imports keep each module readable on its own and testable without WXT's globals.
  imports: false,
  // P92_EXTENSION_OUT_DIR lets parallel builds use separate folders.
  outDir: process.env.P92_EXTENSION_OUT_DIR ?? ".output",
  manifest: {
    name: "P92",
    version: packageJson.version,
    description: "Carry your Instagram profile and the people you follow over to P92.",
    permissions: ["storage"],
    host_permissions: ["https://www.instagram.com/*", `${new URL(siteUrl).origin}/*`],
  },
});
