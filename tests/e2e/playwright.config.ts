import { defineConfig } from "@playwright/test";
import path from "node:path";
import { chromiumArgs, chromiumPath } from "./support/chromium.ts";

// Browsers come from Debian (P92_CHROMIUM, default /usr/bin/chromium; P92_FIREFOX, default
// /usr/bin/firefox-esr); Playwright never downloads its own. Extension tests launch their own
// persistent context (support/fixtures.ts). The Firefox suite (firefox/, driven by puppeteer-core:
// support/firefox.ts) is its own project, which `npm run test:e2e` (run.ts) runs after the
// Chromium one: a Firefox next to Chromium and the servers on 2 cores slowed the Chromium tests'
// uploads past their waits. Lighthouse (lighthouse/, issue 16) is its own project too, which
// run.ts runs right after the Chromium one, with one worker: its performance score is computed
// from the CPU time the page took, so it must not share the 2 cores with other tests.
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../../test-results",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  forbidOnly: true,
  reporter: [["list"]],
  // Committed screenshots (site/appearance.spec.ts) beside the test that compares them, one name
  // for every platform: they are Debian's Chromium's, the only browser the tests use.
  snapshotPathTemplate: "{testDir}/{testFileDir}/screenshots/{testFileName}/{arg}{ext}",
  // Absolute globs: a relative one would match any folder named firefox on the way here.
  projects: [
    {
      name: "chromium",
      testIgnore: [
        path.join(import.meta.dirname, "firefox/**"),
        path.join(import.meta.dirname, "lighthouse/**"),
      ],
    },
    { name: "firefox", testMatch: path.join(import.meta.dirname, "firefox/**/*.spec.ts") },
    // The server suites again, every server on PostgreSQL: run.ts sets P92_TEST_STORE=postgres
    // for this project (support/postgres.ts). The several-processes file runs its own cluster.
    {
      name: "postgres",
      testMatch: path.join(import.meta.dirname, "server/**/*.spec.ts"),
      testIgnore: path.join(import.meta.dirname, "server/postgres-processes.spec.ts"),
    },
    // One retry: a page's five runs are measured again when they fell short, as happens when the
    // machine running CI is busy with something else for the minute they take (each score line
    // prints the CPU benchmark its run began with; a retry shows in the report as "flaky").
    {
      name: "lighthouse",
      testMatch: path.join(import.meta.dirname, "lighthouse/**/*.spec.ts"),
      workers: 1,
      retries: 1,
    },
  ],
  use: {
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs() },
    trace: "retain-on-failure",
  },
});
