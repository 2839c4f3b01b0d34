/**
 * The Firefox suite's fixtures: a fake Instagram reached through the proxy
 * (instagram-proxy.ts), and per test a fresh Firefox ESR with the built extension, signed in to
 * Instagram and with the test pacing. Pages are driven with puppeteer-core over WebDriver BiDi;
 * the helpers below give them the few waits the tests need.
 */
import { test as base } from "@playwright/test";
import type { Browser, Page } from "puppeteer-core";
import { SESSION_COOKIES, startFakeInstagram, type FakeInstagramState } from "../../fake-instagram/server.ts";
import { readStoredImport, TEST_PACING, type StoredImport } from "../support/extension-state.ts";
import { launchFirefox, type FirefoxWithExtension } from "../support/firefox.ts";
import { startInstagramProxy } from "./instagram-proxy.ts";

/** The `browser` global of an extension page, for `evaluate`. */
interface ExtensionGlobal {
  browser: {
    storage: {
      local: { set(items: object): Promise<void>; get(key: string): Promise<Record<string, unknown>> };
    };
    scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> };
    permissions: { contains(permissions: { origins: string[] }): Promise<boolean> };
  };
}

interface FirefoxFixtures {
  fakeInstagram: { url: string; state: FakeInstagramState };
  instagram: FakeInstagramState;
  /** Firefox with the extension, signed in to the fake Instagram, with the test pacing. */
  firefox: FirefoxWithExtension;
  /** The extension's popup, open in a tab. */
  popup: Page;
}

export const test = base.extend<FirefoxFixtures>({
  // eslint-disable-next-line no-empty-pattern
  fakeInstagram: async ({}, use) => {
    const fake = await startFakeInstagram();
    await use(fake);
    await fake.close();
  },
  instagram: async ({ fakeInstagram }, use) => use(fakeInstagram.state),
  firefox: async ({ fakeInstagram }, use) => {
    const proxy = await startInstagramProxy(fakeInstagram.url);
    let firefox: FirefoxWithExtension | undefined;
    try {
      firefox = await launchFirefox({ proxyPort: proxy.port });
      await firefox.browser.setCookie(...SESSION_COOKIES);
      const page = await firefox.openExtensionPage("options.html");
      await page.evaluate(
        (pacing) =>
          (globalThis as unknown as ExtensionGlobal).browser.storage.local.set({
            testPacingOverride: pacing,
          }),
        TEST_PACING,
      );
      await page.close();
      await use(firefox);
    } finally {
      await firefox?.close().catch((error: unknown) => console.warn("closing Firefox:", error));
      await proxy.close();
    }
  },
  popup: async ({ firefox }, use) => use(await firefox.openExtensionPage("popup.html")),
});

export { expect } from "@playwright/test";

/** Reads the extension's IndexedDB from one of its pages (same origin as its background page). */
export const readExtensionDb = (extensionPage: Page): Promise<StoredImport> =>
  extensionPage.evaluate(readStoredImport);

/**
 * What the extension holds for the sites added in the options, read from one of its pages: the
 * ids of the bridge scripts it registered, and whether it holds the host permission `pattern`.
 */
export function addedSiteState(
  extensionPage: Page,
  pattern: string,
): Promise<{ registered: string[]; granted: boolean }> {
  return extensionPage.evaluate(async (pattern) => {
    const { browser } = globalThis as unknown as ExtensionGlobal;
    return {
      registered: (await browser.scripting.getRegisteredContentScripts()).map((s) => s.id),
      granted: await browser.permissions.contains({ origins: [pattern] }),
    };
  }, pattern);
}

/** Waits until an element matching `selector` has text matching `pattern`; answers that text. */
export async function waitForText(
  page: Page,
  selector: string,
  pattern: RegExp,
  timeout = 30_000,
): Promise<string> {
  const found = await page.waitForFunction(
    (selector, source, flags) =>
      [...document.querySelectorAll(selector)]
        .map((e) => e.textContent ?? "")
        .find((text) => new RegExp(source, flags).test(text)),
    { timeout, polling: 100 },
    selector,
    pattern.source,
    pattern.flags,
  );
  return (await found.jsonValue()) as string;
}

/**
 * Clicks the button with this accessible name, in the front tab as a person would (a background
 * tab gets no animation frames, which puppeteer's click waits for).
 */
export async function clickButton(page: Page, name: string): Promise<void> {
  await page.bringToFront();
  await page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

export async function expectImportDone(popup: Page, timeout = 45_000): Promise<void> {
  await waitForText(popup, "[role=status]", /^Imported your profile/, timeout);
}

/**
 * Waits for a tab or window whose address matches, e.g. the consent window the extension opens.
 * Read from each page itself: over BiDi puppeteer reports moz-extension pages as about:blank.
 */
export async function waitForPage(browser: Browser, address: RegExp, timeout = 15_000): Promise<Page> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => "");
      if (address.test(href)) return page;
    }
    if (Date.now() > deadline) throw new Error(`no page at ${address} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The tabs showing instagram.com (the one the extension opened for an import, or a test's). */
export const instagramPages = async (browser: Browser) =>
  (await browser.pages()).filter((p) => p.url().startsWith("https://www.instagram.com"));
