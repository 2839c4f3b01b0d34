import { spawnSync } from "node:child_process";
import path from "node:path";
import { missingChromiumMessage } from "./chromium.ts";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Runs a command in the repository, stopping this process with its status if it fails. */
export function runOrExit(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", ASTRO_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * What the end-to-end tests and the benchmarks need before they start: Chromium (never
 * downloaded; a clear message when missing) and fresh builds of the site, server and extension.
 */
export function prepareBuilds(): void {
  const missing = missingChromiumMessage();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  runOrExit("npm", ["run", "--silent", "build"]);
}
