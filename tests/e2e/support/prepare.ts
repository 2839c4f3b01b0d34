import { spawnSync } from "node:child_process";
import path from "node:path";
import { missingChromiumMessage, missingFirefoxMessage } from "./browsers.ts";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Runs a command in the repository; answers its exit status. */
export function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", ASTRO_TELEMETRY_DISABLED: "1", ...env },
  });
  return result.status ?? 1;
}

/** Runs a command in the repository, stopping this process with its status if it fails. */
export function runOrExit(command: string, args: string[]): void {
  const status = run(command, args);
  if (status !== 0) process.exit(status);
}

/**
 * What the end-to-end tests and the benchmarks need before they start: Chromium, and Firefox ESR
 * unless told otherwise (the benchmarks run Chromium only), never downloaded, with a clear message
 * when one is missing; and fresh builds of the site, server and both extensions.
 */
export function prepareBuilds(options: { firefox: boolean } = { firefox: true }): void {
  const missing = [missingChromiumMessage(), options.firefox ? missingFirefoxMessage() : null].filter(
    (m) => m !== null,
  );
  if (missing.length > 0) {
    console.error(missing.join("\n\n"));
    process.exit(1);
  }
  runOrExit("npm", ["run", "--silent", "build"]);
}
