import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import packageJson from "../../package.json" with { type: "json" };

/** A build output and the sources it is made from. */
interface BuildTarget {
  name: string;
  output: string;
  inputs: string[];
  command: string[];
}

const TARGETS: BuildTarget[] = [
  {
    name: "site and server",
    output: "dist/server/entry.mjs",
    inputs: ["site", "shared", "astro.config.mjs", "package.json", "package-lock.json"],
    command: ["npx", "astro", "build"],
  },
  {
    // `npm run zip` builds the Chrome and Firefox extensions and packs them; the onboarding page
    // offers those packages for download (site/pages/downloads/).
    name: "Chrome and Firefox extensions",
    output: `extension/.output/p92-${packageJson.version}-firefox.zip`,
    inputs: ["extension", "shared", "package.json", "package-lock.json"],
    command: ["npm", "run", "--silent", "zip"],
  },
];

const SKIP = new Set(["node_modules", ".output", ".wxt", "dist"]);

/** The newest modification time of any file under these paths. */
function newestMtime(root: string, paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (!SKIP.has(entry)) visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(path.join(root, p));
  return newest;
}

/** Builds each target whose output is missing or older than one of its sources. */
export function buildStale(root: string): void {
  for (const target of TARGETS) {
    const output = path.join(root, target.output);
    const built = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
    if (built >= newestMtime(root, target.inputs)) continue;
    console.log(`Building the ${target.name}…`);
    const [command, ...args] = target.command as [string, ...string[]];
    const result = spawnSync(command, args, {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0)
      throw new Error(`building the ${target.name} failed (${target.command.join(" ")})`);
  }
}
