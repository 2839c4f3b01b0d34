import fs from "node:fs/promises";
import path from "node:path";
import { init, parse } from "es-module-lexer";

/**
 * Names, in the head of every built page, each module its scripts and islands import statically,
 * as `<link rel="modulepreload">`. Without it the browser finds them one level at a time: the
 * page, then an island's component (named only in an attribute, read by Astro's inline loader),
 * then its imports, then theirs; with it all of them are asked for at once, with the page. Dynamic
 * imports (the composer, onboarding, the lightbox…) are left out: they are fetched when used.
 * Run before the service worker lists the files, as it changes the pages.
 */
export async function addModulePreloads(clientDir: string): Promise<number> {
  await init;
  const importsOf = new Map<string, Promise<string[]>>();
  const staticImports = (url: string): Promise<string[]> => {
    let found = importsOf.get(url);
    if (!found) {
      found = readStaticImports(clientDir, url);
      importsOf.set(url, found);
    }
    return found;
  };
  let pages = 0;
  for (const entry of await fs.readdir(clientDir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || path.extname(file) !== ".html") continue;
    const html = await fs.readFile(file, "utf8");
    const withPreloads = await preloadModules(html, staticImports);
    if (withPreloads === html) continue;
    await fs.writeFile(file, withPreloads);
    pages++;
  }
  return pages;
}

/**
 * The page with a modulepreload link for every module its scripts and islands need before they
 * run, but those it already names; the same page when there is none to add.
 */
export async function preloadModules(
  html: string,
  staticImports: (url: string) => Promise<string[]>,
): Promise<string> {
  const attribute = (name: string) =>
    [...html.matchAll(new RegExp(`${name}="(/[^"]+\\.js)"`, "g"))].map((m) => m[1]!);
  const scripts = attribute('<script type="module" src');
  const named = new Set([...scripts, ...attribute('<link rel="modulepreload" href')]);
  const needed = new Set<string>();
  const visit = async (url: string): Promise<void> => {
    if (needed.has(url)) return;
    needed.add(url);
    for (const dependency of await staticImports(url)) await visit(dependency);
  };
  for (const entry of [...attribute("component-url"), ...attribute("renderer-url"), ...scripts])
    await visit(entry);
  const links = [...needed]
    .filter((url) => !named.has(url))
    .map((url) => `<link rel="modulepreload" href="${url}">`)
    .join("");
  return links ? html.replace("</head>", `${links}</head>`) : html;
}

/** The site paths a built script imports statically, e.g. `/_astro/signals.js` for `./signals.js`. */
async function readStaticImports(clientDir: string, url: string): Promise<string[]> {
  const source = await fs.readFile(path.join(clientDir, url), "utf8");
  const [imports] = parse(source);
  // `d === -1` marks a static import; dynamic ones (d ≥ 0) and `import.meta` (d = -2) are left.
  return imports
    .filter((i) => i.d === -1 && i.n !== undefined && (i.n.startsWith("./") || i.n.startsWith("/")))
    .map((i) => path.posix.resolve(path.posix.dirname(url), i.n!));
}
