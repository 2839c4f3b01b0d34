import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./support/chromium.ts";

// Browsers come from Debian (P92_CHROMIUM, default /usr/bin/chromium); Playwright never
// downloads its own. Extension tests launch their own persistent context (support/fixtures.ts).
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
  use: {
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs() },
    trace: "retain-on-failure",
  },
});
