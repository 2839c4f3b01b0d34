import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import packageJson from "../../package.json" with { type: "json" };
import { ConfigError } from "./config.ts";

/** A build output and the sources it is made from. */
export interface BuildTarget {
  name: string;
  output: string;
  inputs: string[];
  command: string[];
  /** Extra environment for the build command. */
  env?: Record<string, string>;
  /**
   * What the output must be built for beyond its sources (the extension: the site origin it
   * trusts): `value` is recorded in `file` after a build, and `builtFor` reads what the outputs
   * were made for; a difference makes the output stale.
   */
  stamp?: { file: string; value: string; builtFor: (root: string) => string | null };
}

/** Where `npm start` records the site origin the extension packages were built for. */
export const EXTENSION_ORIGIN_STAMP = "extension/.output/p92-site-origin.txt";

const SKIP = new Set(["node_modules", ".output", ".wxt", "dist"]);

/**
 * The P92 site the extension built by `npm start` trusts out of the box: P92_SITE_URL when set,
 * else this server's public URL (P92_PUBLIC_URL, default http://localhost:$PORT). Answers an origin.
 */
export function extensionSiteOrigin(env: Record<string, string | undefined>, publicUrl: string): string {
  const raw = env.P92_SITE_URL?.trim() || publicUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("P92_SITE_URL", `"${raw}" is not a URL (expected e.g. https://p92.example)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError("P92_SITE_URL", `"${raw}" must start with http:// or https://`);
  }
  return url.origin;
}

/**
 * Whether a target must be built: its output is missing (`builtAt` 0) or older than a source, or
 * it was built for something else than wanted now (e.g. another site origin, or nothing recorded).
 */
export function isStale(state: {
  builtAt: number;
  newestInput: number;
  builtFor?: string | null;
  wantedFor?: string;
}): boolean {
  if (state.builtAt === 0 || state.builtAt < state.newestInput) return true;
  return state.wantedFor !== undefined && state.builtFor !== state.wantedFor;
}

/**
 * The one origin the extension outputs were all built for, or null when one is missing or they
 * disagree (e.g. `npm run build:firefox` rebuilt the unpacked Firefox extension for another site).
 */
export function commonOrigin(records: (string | null)[]): string | null {
  const first = records[0] ?? null;
  return first !== null && records.every((r) => r === first) ? first : null;
}

/**
 * The P92 site an unpacked extension was built for, from its manifest's `homepage_url` (the
 * bridge's match pattern cannot tell: in Firefox it has no port).
 */
export function manifestSiteOrigin(file: string): string | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { homepage_url?: unknown };
    return typeof manifest.homepage_url === "string" ? new URL(manifest.homepage_url).origin : null;
  } catch {
    return null;
  }
}

/** What the packages (the stamp) and both unpacked extensions were built for. */
function extensionBuiltFor(root: string): string | null {
  return commonOrigin([
    readStamp(path.join(root, EXTENSION_ORIGIN_STAMP)),
    manifestSiteOrigin(path.join(root, "extension/.output/chrome-mv3/manifest.json")),
    manifestSiteOrigin(path.join(root, "extension/.output/firefox-mv2/manifest.json")),
  ]);
}

/** What `npm start` builds: the site and server into `outDir`, and the extensions for `siteOrigin`. */
export function buildTargets(siteOrigin: string, outDir: string): BuildTarget[] {
  return [
    {
      name: "site and server",
      // Astro builds into P92_OUT_DIR too (astro.config.mjs), which the child process inherits.
      output: path.join(outDir, "server/entry.mjs"),
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
      env: { P92_SITE_URL: siteOrigin },
      stamp: { file: EXTENSION_ORIGIN_STAMP, value: siteOrigin, builtFor: extensionBuiltFor },
    },
  ];
}

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

function readStamp(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/**
 * Builds each target (the site into `outDir`) whose output is missing, older than one of its sources, or made for another
 * site origin than `siteOrigin` (the extension's, see `extensionSiteOrigin`).
 */
export function buildStale(root: string, siteOrigin: string, outDir: string): void {
  for (const target of buildTargets(siteOrigin, outDir)) {
    const output = path.resolve(root, target.output);
    const stamp = target.stamp;
    const stale = isStale({
      builtAt: fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0,
      newestInput: newestMtime(root, target.inputs),
      builtFor: stamp?.builtFor(root),
      wantedFor: stamp?.value,
    });
    if (!stale) continue;
    console.log(`Building the ${target.name}${stamp ? ` for ${stamp.value}` : ""}…`);
    const [command, ...args] = target.command as [string, ...string[]];
    const result = spawnSync(command, args, {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", ...target.env },
    });
    if (result.status !== 0)
      throw new Error(`building the ${target.name} failed (${target.command.join(" ")})`);
    if (stamp) fs.writeFileSync(path.join(root, stamp.file), `${stamp.value}\n`);
  }
}
