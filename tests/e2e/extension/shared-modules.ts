import type { BrowserContext, Page } from "@playwright/test";
import fs from "node:fs";
import { stripTypeScriptTypes } from "node:module";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PACKAGES: Record<string, string> = {
  "/dexie.mjs": "node_modules/dexie/dist/dexie.mjs",
  "/valibot.mjs": "node_modules/valibot/dist/index.mjs",
};
/** The folders a test page may import from: the shared code, and the site's device-side library. */
const SERVED_FOLDERS = ["shared", "site/lib"];
const IMPORT_MAP = `<script type="importmap">{"imports":{"dexie":"/dexie.mjs","valibot":"/valibot.mjs"}}</script>`;

/**
 * Serves a page on `origin` that can `import("/shared/....ts")` or `import("/site/lib/....ts")`:
 * the repository's shared modules and the site's device-side library
 * with their types stripped, Dexie and Valibot from node_modules. So a test page runs the very
 * code the site bundles (the bridge client, the Dexie operations), without a site build.
 */
export async function serveSharedModules(
  target: Page | BrowserContext,
  origin: string,
  body = "",
): Promise<void> {
  await target.route(`${origin}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    const packaged = PACKAGES[pathname];
    if (packaged) return route.fulfill({ contentType: "text/javascript", path: path.join(ROOT, packaged) });
    const served = SERVED_FOLDERS.find((folder) => pathname.startsWith(`/${folder}/`));
    if (served && pathname.endsWith(".ts")) {
      const file = path.join(ROOT, path.normalize(pathname));
      if (!file.startsWith(path.join(ROOT, served)) || !fs.existsSync(file))
        return route.fulfill({ status: 404 });
      return route.fulfill({
        contentType: "text/javascript",
        body: stripTypeScriptTypes(fs.readFileSync(file, "utf8")),
      });
    }
    return route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><meta charset="utf-8"><title>P92</title>${IMPORT_MAP}</head><body>${body}</body></html>`,
    });
  });
}
