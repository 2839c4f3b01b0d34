import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { revisionOf, type ShellFile, type ShellManifest } from "../sw/shell.ts";

const WORKER_ENTRY = path.join(import.meta.dirname, "../sw/worker.ts");
export const WORKER_FILE = "sw.js";
/** Not part of the shell: only the browser's install dialog shows the manifest's screenshots. */
const LEFT_OUT = [/^sw\.js$/, /\.map$/, /^screenshots\//, /\.(br|gz)$/];

/** Every file of a built site (paths from its root, `/` separated), sorted. */
function filesOf(root: string, dir = ""): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesOf(root, relative) : [relative];
    })
    .sort();
}

/** The shell of the site built in `clientDir`: each file with a hash of its bytes, and a version. */
// The worker checks each file it fetches with the same function (revisionOf, site/sw/shell.ts).
export async function shellManifest(clientDir: string): Promise<ShellManifest> {
  const files: ShellFile[] = [];
  for (const file of filesOf(clientDir).filter((name) => !LEFT_OUT.some((pattern) => pattern.test(name)))) {
    const bytes = fs.readFileSync(path.join(clientDir, file));
    files.push({ url: `/${file}`, revision: await revisionOf(bytes) });
  }
  return { version: await revisionOf(new TextEncoder().encode(JSON.stringify(files))), files };
}

/**
 * Writes `sw.js` into a built site: the worker (site/sw/) bundled with the shell's file list, so
 * a build whose files changed is a new worker byte for byte, which the browser installs as an
 * update. The last step of `astro build` (see astro.config.mjs); a deploy that changes files
 * after it must run it again.
 */
export async function writeServiceWorker(clientDir: string): Promise<ShellManifest> {
  const manifest = await shellManifest(clientDir);
  const result = await build({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    format: "iife",
    minify: true,
    target: "es2022",
    write: false,
    legalComments: "none",
    define: { __P92_SHELL__: JSON.stringify(manifest) },
  });
  fs.writeFileSync(path.join(clientDir, WORKER_FILE), result.outputFiles[0]!.text);
  return manifest;
}
