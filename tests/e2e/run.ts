// The end-to-end runner behind `npm run test:e2e`: checks for Chromium (never downloads one),
// builds the site, server and extension, then runs Playwright with Debian's Chromium.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { missingChromiumMessage } from "./support/chromium.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

const missing = missingChromiumMessage();
if (missing) {
  console.error(missing);
  process.exit(1);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", ASTRO_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npm", ["run", "--silent", "build"]);
run("npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts", ...process.argv.slice(2)]);
