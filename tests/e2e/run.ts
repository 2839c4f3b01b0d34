// The end-to-end runner behind `npm run test:e2e`: checks for Chromium and Firefox ESR (never
// downloads one), builds the site, server and both extensions, then runs Playwright: the Chromium
// project, then the Firefox one (see playwright.config.ts), the second even when the first failed.
// Arguments (files, -g) go to both, and a project they select nothing in passes; with a
// `--project` of its own, Playwright runs once with the arguments as given.
import { prepareBuilds, run } from "./support/prepare.ts";

prepareBuilds();
const args = process.argv.slice(2);
const playwright = (extra: string[]) =>
  run("npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts", ...extra, ...args]);
const statuses = args.some((a) => a.startsWith("--project"))
  ? [playwright([])]
  : ["chromium", "firefox"].map((project) =>
      playwright([`--project=${project}`, ...(args.length > 0 ? ["--pass-with-no-tests"] : [])]),
    );
process.exit(statuses.find((status) => status !== 0) ?? 0);
