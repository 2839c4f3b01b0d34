// The end-to-end runner behind `npm run test:e2e`: checks for Chromium and Firefox ESR (never
// downloads one), builds the site, server and both extensions, then runs Playwright: the Chromium
// project, then Lighthouse on the built site (alone, so nothing else takes the CPU its performance
// score is measured with), then the Firefox one, then the server suites on PostgreSQL (see
// playwright.config.ts), each even when one before it failed.
// Arguments (files, -g) go to each, and a project they select nothing in passes; with a
// `--project` of its own, Playwright runs once with the arguments as given.
import { prepareBuilds, run } from "./support/prepare.ts";

prepareBuilds();
const args = process.argv.slice(2);
const playwright = (extra: string[], env: Record<string, string> = {}) =>
  run("npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts", ...extra, ...args], env);
/** What each project's run needs: the `postgres` one puts every server on PostgreSQL. */
const PROJECT_ENV: Record<string, Record<string, string>> = { postgres: { P92_TEST_STORE: "postgres" } };
// `--project=postgres` or `--project postgres`.
const at = args.findIndex((a) => a === "--project" || a.startsWith("--project="));
const asked = at === -1 ? undefined : args[at]!.includes("=") ? args[at]!.split("=")[1] : args[at + 1];
const statuses = args.some((a) => a.startsWith("--project"))
  ? [playwright([], PROJECT_ENV[asked ?? ""])]
  : ["chromium", "lighthouse", "firefox", "postgres"].map((project) =>
      playwright(
        [`--project=${project}`, ...(args.length > 0 ? ["--pass-with-no-tests"] : [])],
        PROJECT_ENV[project],
      ),
    );
process.exit(statuses.find((status) => status !== 0) ?? 0);
