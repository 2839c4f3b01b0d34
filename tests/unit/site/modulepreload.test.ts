import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { addModulePreloads, preloadModules } from "../../../site/build/modulepreload.ts";

const page = (body: string) =>
  `<!DOCTYPE html><html><head><title>P92</title></head><body>${body}</body></html>`;
const preloads = (html: string) =>
  [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);

test("a page names every module its islands and scripts import statically, in its head, once", async () => {
  const imports: Record<string, string[]> = {
    "/_astro/Home.js": ["/_astro/store.js", "/_astro/signals.js"],
    "/_astro/store.js": ["/_astro/signals.js", "/_astro/dexie.js"],
    "/_astro/client.js": ["/_astro/signals.js"],
    "/_astro/boot.js": ["/_astro/nav.js"],
  };
  const html = page(
    '<astro-island component-url="/_astro/Home.js" renderer-url="/_astro/client.js"></astro-island>' +
      '<script type="module" src="/_astro/boot.js"></script>',
  );
  const out = await preloadModules(html, async (url) => imports[url] ?? []);
  expect(preloads(out)).toEqual([
    "/_astro/Home.js",
    "/_astro/store.js",
    "/_astro/signals.js",
    "/_astro/dexie.js",
    "/_astro/client.js",
    // boot.js is named by its own script tag; only what it imports is added.
    "/_astro/nav.js",
  ]);
  expect(out.indexOf("modulepreload")).toBeLessThan(out.indexOf("</head>"));
  // A second run adds nothing: what a page names already is left alone.
  expect(await preloadModules(out, async (url) => imports[url] ?? [])).toBe(out);
  // A page with no script is left as it was.
  expect(await preloadModules(page("<p>hi</p>"), async () => [])).toBe(page("<p>hi</p>"));
});

test("in a built folder, static imports are followed and dynamic ones (fetched when used) are not", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-preload-"));
  try {
    fs.mkdirSync(path.join(dir, "_astro"));
    fs.mkdirSync(path.join(dir, "settings"));
    const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
    write(
      "_astro/Home.js",
      'import{a}from"./store.js";export*from"./util.js";const C=()=>import("./Composer.js");',
    );
    write("_astro/store.js", 'import"./dexie.js";console.log(import.meta.url);');
    write("_astro/util.js", "export const u=1;");
    write("_astro/dexie.js", "export default 1;");
    write("_astro/Composer.js", 'import"./big.js";');
    write("index.html", page('<astro-island component-url="/_astro/Home.js"></astro-island>'));
    write("settings/index.html", page("<p>no scripts</p>"));
    expect(await addModulePreloads(dir)).toBe(1);
    expect(preloads(fs.readFileSync(path.join(dir, "index.html"), "utf8"))).toEqual([
      "/_astro/Home.js",
      "/_astro/store.js",
      "/_astro/dexie.js",
      "/_astro/util.js",
    ]);
    expect(fs.readFileSync(path.join(dir, "settings/index.html"), "utf8")).toBe(page("<p>no scripts</p>"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
