import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "puppeteer-core";
import { bridgeAnswers } from "../support/extension-state.ts";
import { useServer } from "../support/fixtures.ts";
import { clickButton, expect, test, waitForText } from "./support.ts";

// A P92 site on another host than the built-in one (127.0.0.1, not localhost): adding it asks for
// the host permission and registers the bridge script for http://127.0.0.1/*.
const added = useServer({ env: { HOST: "127.0.0.1" } });

/** A bare page on another port of 127.0.0.1: the bridge script runs there too in Firefox. */
async function bareServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Not P92</title>"),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const hello = (page: Page, waitMs = 1500) => page.evaluate(bridgeAnswers, { type: "hello", waitMs });

test("in Firefox the options page adds a site and removes it; the bridge answers it only meanwhile", async ({
  firefox,
}) => {
  const origin = `http://127.0.0.1:${added.current.port}`;
  const bare = await bareServer();
  try {
    const site = await firefox.browser.newPage();
    await site.goto(`${origin}/`);
    await waitForText(site, "h3", /^Install the P92 extension$/);

    const options = await firefox.openExtensionPage("options.html");
    await options.locator("#site-origin").fill(origin);
    await clickButton(options, "Add");
    // The permission prompt is accepted (extensions.webextOptionalPermissionPrompts is off).
    await waitForText(options, "#sites-status", new RegExp(`^${origin.replaceAll(".", "\\.")} added\\.`));
    await waitForText(options, "#sites li", new RegExp(origin.replaceAll(".", "\\.")));

    await site.bringToFront();
    await site.reload();
    await waitForText(site, "button", /^Import from Instagram$/);
    expect(await hello(site)).toEqual([expect.objectContaining({ type: "hello" })]);
    // The same host on another port runs the same script (Firefox's pattern has no port) and gets nothing.
    const other = await firefox.browser.newPage();
    await other.goto(bare.url);
    expect(await hello(other)).toEqual([]);

    await clickButton(options, `Remove ${origin}`);
    await waitForText(options, "#sites-status", new RegExp(`^${origin.replaceAll(".", "\\.")} removed\\.$`));
    await site.bringToFront();
    await site.reload();
    await waitForText(site, "h3", /^Install the P92 extension$/);
    expect(await hello(site)).toEqual([]);
  } finally {
    await bare.close();
  }
});
