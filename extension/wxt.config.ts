import { fileURLToPath } from "node:url";
import { defineConfig } from "wxt";
import packageJson from "../package.json" with { type: "json" };
import { sitePattern, targetBrowser } from "./lib/match-patterns.ts";

// The P92 site the extension talks to out of the box; more origins are added at run time from
// the options page (optional host permissions).
const siteUrl = process.env.P92_SITE_URL ?? "http://localhost:4321";
const siteOrigin = new URL(siteUrl).origin;
const optionalSites = ["https://*/*", "http://localhost/*", "http://127.0.0.1/*"];

export default defineConfig({
  modules: ["@wxt-dev/webextension-polyfill"],
  // Explicit imports keep each module readable on its own and testable without WXT's globals.
  imports: false,
  // P92_EXTENSION_OUT_DIR lets parallel builds use separate folders.
  outDir: process.env.P92_EXTENSION_OUT_DIR ?? ".output",
  // `npm run zip`: store packages named p92-<version>-<browser>.zip, and for Mozilla's review the
  // sources the build needs (extension/, shared/, the npm manifests) from the repository root.
  zip: {
    name: "p92",
    artifactTemplate: "{{name}}-{{version}}-{{browser}}.zip",
    sourcesTemplate: "{{name}}-{{version}}-sources.zip",
    sourcesRoot: fileURLToPath(new URL("..", import.meta.url)),
    includeSources: [
      "extension/**",
      "shared/**",
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "README.md",
    ],
    excludeSources: ["extension/.output/**", "extension/.wxt/**", "**/*.test.ts"],
  },
  vite: ({ browser }) => ({
    define: {
      __P92_SITE_ORIGIN__: JSON.stringify(siteOrigin),
      __P92_BROWSER__: JSON.stringify(targetBrowser(browser)),
    },
  }),
  // Permissions are justified one by one in extension/README.md.
  manifest: ({ browser }) => ({
    // The words come from public/_locales/<lang>/messages.json (lib/i18n.ts), in the browser's
    // language; English when the browser's is not there.
    name: "__MSG_extName__",
    version: packageJson.version,
    description: "__MSG_extDescription__",
    default_locale: "en",
    // The P92 site this build is made for (its exact origin: Firefox's match patterns below
    // cannot say the port). `npm start` and the tests read it back from here.
    homepage_url: `${siteOrigin}/`,
    permissions: ["storage", "scripting"],
    host_permissions: [
      "https://www.instagram.com/*",
      // Instagram's image hosts, only to download your own avatar (its links expire).
      "https://*.cdninstagram.com/*",
      "https://*.fbcdn.net/*",
      sitePattern(siteOrigin, targetBrowser(browser)),
    ],
    // Other P92 sites, asked for one origin at a time when the person adds it in the options
    // (Manifest V2, Firefox's, lists optional hosts among the optional permissions).
    ...(browser === "firefox"
      ? { optional_permissions: optionalSites }
      : { optional_host_permissions: optionalSites }),
    ...(browser === "firefox" && {
      browser_specific_settings: {
        gecko: {
          id: "extension@p92.invalid",
          strict_min_version: "142.0",
          data_collection_permissions: { required: ["none"] },
        },
      },
    }),
  }),
});
