/**
 * Debian's Firefox ESR with the built Firefox extension, driven over WebDriver BiDi by
 * puppeteer-core (Playwright's Firefox is a patched build that cannot be downloaded here, and
 * Playwright cannot install an add-on). Nothing is downloaded: P92_FIREFOX names the binary
 * (browsers.ts).
 */
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { manifestSiteOrigin } from "../../../site/server/start-build.ts";
import { firefoxPath } from "./browsers.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const FIREFOX_EXTENSION_DIR = path.join(
  path.resolve(ROOT, "extension", process.env.P92_EXTENSION_OUT_DIR ?? ".output"),
  "firefox-mv2",
);
/** The add-on's id (wxt.config.ts) and the internal UUID these tests give it. */
const ADDON_ID = "extension@p92.invalid";
const EXTENSION_UUID = "5f0e7a2c-92d4-4b6e-9c1a-0123456789ab";
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** The P92 site the Firefox build trusts out of the box (its manifest's homepage_url). */
export const firefoxSiteOrigin = () =>
  manifestSiteOrigin(path.join(FIREFOX_EXTENSION_DIR, "manifest.json")) ?? "http://localhost:4321";

export interface FirefoxWithExtension {
  browser: Browser;
  /** Opens one of the extension's pages (popup.html, options.html) in a new tab. */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Firefox with a fresh profile and the built extension installed as a temporary add-on.
 * `proxyPort`: the Instagram proxy (firefox/instagram-proxy.ts) for https requests; loopback
 * never goes through it.
 */
export async function launchFirefox(options: { proxyPort: number }): Promise<FirefoxWithExtension> {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: firefoxPath(),
    headless: true,
    // Lets the tests open moz-extension:// pages (BiDi refuses navigations there otherwise).
    args: ["--remote-allow-system-access"],
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: EXTENSION_UUID }),
      // The options page's permission request is accepted as a person would click Allow.
      "extensions.webextOptionalPermissionPrompts": false,
      "network.proxy.type": 1,
      "network.proxy.ssl": "127.0.0.1",
      "network.proxy.ssl_port": options.proxyPort,
      "network.proxy.no_proxies_on": "localhost, 127.0.0.1",
    },
  });
  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return {
    browser,
    openExtensionPage: async (file) => {
      const page = await browser.newPage();
      // The navigation into the extension's process loads the page but never reports back over
      // BiDi (Firefox ESR 153): start it, then ask the page itself until it is there (an
      // evaluation during the switch of process can fail: it is asked again).
      void page.goto(`${EXTENSION_ORIGIN}/${file}`, { timeout: 1000 }).catch(() => undefined);
      const deadline = Date.now() + 15_000;
      const loaded = () => location.origin + (document.readyState === "complete" ? "" : " loading");
      while ((await page.evaluate(loaded).catch(() => null)) !== EXTENSION_ORIGIN) {
        if (Date.now() > deadline) throw new Error(`${file} did not open within 15 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return page;
    },
    close: () => browser.close(),
  };
}
