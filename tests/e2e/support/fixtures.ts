import { test as base, chromium, type BrowserContext, type Worker } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { manifestSiteOrigin } from "../../../site/server/start-build.ts";
import { chromiumArgs, chromiumPath } from "./chromium.ts";
import { startServer, tempDir, type RunningServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const EXTENSION_DIR = path.join(
  path.resolve(ROOT, "extension", process.env.P92_EXTENSION_OUT_DIR ?? ".output"),
  "chrome-mv3",
);

/**
 * The site origin the built extension's bridge content script runs on (P92_SITE_URL at extension
 * build time): a server the extension should talk to listens on this origin's port.
 */
export function builtSiteOrigin(): string {
  // Without a built extension the fixture itself fails with instructions; any port does here.
  return manifestSiteOrigin(path.join(EXTENSION_DIR, "manifest.json")) ?? "http://localhost:4321";
}

interface ExtensionFixtures {
  /** A fresh Chromium profile with the built extension loaded. */
  context: BrowserContext;
  /** The extension's running service worker. */
  serviceWorker: Worker;
  extensionId: string;
}

/** Playwright's test, with Debian's Chromium and the built extension loaded (WXT's e2e recipe). */
export const test = base.extend<ExtensionFixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    if (!fs.existsSync(path.join(EXTENSION_DIR, "manifest.json"))) {
      throw new Error(`No built extension in ${EXTENSION_DIR}: run npm run build:extension`);
    }
    const userDataDir = tempDir("profile");
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: chromiumArgs(EXTENSION_DIR),
    });
    await use(context);
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  },
  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    await use(worker);
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});

export { expect } from "@playwright/test";

/**
 * Starts the built server for the test file that calls this: its own port and its own data
 * directory, so files can run in parallel. Read `.current` inside tests.
 */
export function useServer(options: Parameters<typeof startServer>[0] = {}): { current: RunningServer } {
  const holder = {} as { current: RunningServer };
  base.beforeAll(async () => {
    holder.current = await startServer(options);
  });
  base.afterAll(async () => {
    await holder.current?.stop();
    if (holder.current) fs.rmSync(holder.current.dataDir, { recursive: true, force: true });
  });
  return holder;
}
