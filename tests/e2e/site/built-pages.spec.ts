// The build step that names each page's modules for preloading (site/build/modulepreload.ts)
// reads Astro's output, whose markup it does not control: this checks the real build, so an
// Astro upgrade that changed that markup fails here rather than silently slowing every page.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "../support/fixtures.ts";
import { BUILD_DIR } from "../support/server.ts";

const PAGES = [
  "index.html",
  "profile/index.html",
  "post/index.html",
  "search/index.html",
  "settings/index.html",
];

test("every built page preloads its island's component and the modules it imports", () => {
  for (const page of PAGES) {
    const html = fs.readFileSync(path.join(BUILD_DIR, "client", page), "utf8");
    const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
    const islands = [...html.matchAll(/component-url="([^"]+)"/g)].map((m) => m[1]);
    expect(islands.length, page).toBeGreaterThan(0);
    for (const island of islands) expect(preloads, `${page} preloads ${island}`).toContain(island);
    // More than the islands themselves: what they import statically comes with them.
    expect(preloads.length, page).toBeGreaterThan(islands.length);
    for (const href of preloads)
      expect(fs.existsSync(path.join(BUILD_DIR, "client", href!)), href).toBe(true);
  }
});
