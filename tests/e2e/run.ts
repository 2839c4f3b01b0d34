// The end-to-end runner behind `npm run test:e2e`: checks for Chromium and Firefox ESR (never
// downloads one), builds the site, server and both extensions, then runs Playwright: the Chromium
// project, then the Firefox one (see playwright.config.ts), the second even when the first failed.
// Arguments (files, -g) go to both; a project they select nothing in passes.
import { prepareBuilds, run } from "./support/prepare.ts";

prepareBuilds();
const playwright = (project: string) =>
  run("npx", [
    "playwright",
    "test",
    "-c",
    "tests/e2e/playwright.config.ts",
    `--project=${project}`,
    "--pass-with-no-tests",
    ...process.argv.slice(2),
  ]);
const failed = [playwright("chromium"), playwright("firefox")].find((status) => status !== 0);
process.exit(failed ?? 0);
