// The end-to-end runner behind `npm run test:e2e`: checks for Chromium (never downloads one),
// builds the site, server and extension, then runs Playwright with Debian's Chromium.
import { prepareBuilds, runOrExit } from "./support/prepare.ts";

prepareBuilds();
runOrExit("npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts", ...process.argv.slice(2)]);
