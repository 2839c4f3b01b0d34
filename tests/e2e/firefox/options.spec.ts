import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "puppeteer-core";
import { bridgeAnswers } from "../support/extension-state.ts";
import { useServer } from "../support/fixtures.ts";
import { addedSiteState, clickButton, expect, test, waitForText } from "./support.ts";

// A P92 site on another host than the built-in one (127.0.0.1, not localhost): adding it asks for
// the host permission and registers the bridge script for http://127.0.0.1/*.
const added = useServer({ env: { HOST: "127.0.0.1" } });
const PATTERN = "http://127.0.0.1/*";

/** A bare page on another port of 127.0.0.1: in Firefox the bridge script runs there too. */
async function bareServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Not P92</title>"),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const said = (text: string) => new RegExp(`^${text.replaceAll(".", "\\.")}`);
/** The extension's answers to a hello from this page. */
const hello = (page: Page) => page.evaluate(bridgeAnswers, { type: "hello", waitMs: 1000 });
/** Everything the extension posts to this page, progress included, after a hello. */
const anything = (page: Page) =>
  page.evaluate(bridgeAnswers, { type: "hello", waitMs: 1500, everything: true });

async function reload(page: Page): Promise<void> {
  // In the front tab, as a person would: a background tab loads slowly in Firefox.
  await page.bringToFront();
  await page.reload();
}

test("in Firefox the options page adds and removes sites, two on one host sharing one registration", async ({
  firefox,
}) => {
  const site = `http://127.0.0.1:${added.current.port}`;
  const second = await bareServer();
  const unlisted = await bareServer();
  try {
    const page = await firefox.browser.newPage();
    await page.goto(`${site}/`);
    await waitForText(page, "h3", /^Install the P92 extension$/);

    const options = await firefox.openExtensionPage("options.html");
    for (const origin of [site, second.origin]) {
      await options.locator("#site-origin").fill(origin);
      await clickButton(options, "Add");
      // The permission prompt is accepted (extensions.webextOptionalPermissionPrompts is off).
      await waitForText(options, "#sites-status", said(`${origin} added.`));
    }
    expect(await addedSiteState(options, PATTERN)).toEqual({
      registered: [`p92-bridge ${PATTERN}`],
      granted: true,
    });

    await reload(page);
    await waitForText(page, "button", /^Import from Instagram$/);
    expect(await hello(page)).toEqual([expect.objectContaining({ type: "hello" })]);
    const secondPage = await firefox.browser.newPage();
    await secondPage.goto(`${second.origin}/`);
    expect(await hello(secondPage)).toEqual([expect.objectContaining({ type: "hello" })]);
    // The same host on a port nobody added runs the same script (Firefox's pattern has no port)
    // and gets nothing, not even progress.
    const unlistedPage = await firefox.browser.newPage();
    await unlistedPage.goto(`${unlisted.origin}/`);
    expect(await anything(unlistedPage)).toEqual([]);

    // Removing one keeps what the other still needs.
    await clickButton(options, `Remove ${site}`);
    await waitForText(options, "#sites-status", said(`${site} removed.`));
    expect(await addedSiteState(options, PATTERN)).toEqual({
      registered: [`p92-bridge ${PATTERN}`],
      granted: true,
    });
    await reload(page);
    await waitForText(page, "h3", /^Install the P92 extension$/);
    expect(await anything(page)).toEqual([]);
    await reload(secondPage);
    expect(await hello(secondPage)).toEqual([expect.objectContaining({ type: "hello" })]);

    // Removing the last gives the registration and the permission back.
    await clickButton(options, `Remove ${second.origin}`);
    await waitForText(options, "#sites-status", said(`${second.origin} removed.`));
    expect(await addedSiteState(options, PATTERN)).toEqual({ registered: [], granted: false });
    await reload(secondPage);
    expect(await anything(secondPage)).toEqual([]);
  } finally {
    await Promise.all([second.close(), unlisted.close()]);
  }
});
