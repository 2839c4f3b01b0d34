import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import { bridgeAnswers, readStoredImport } from "../support/extension-state.ts";
import { useServer } from "../support/fixtures.ts";
import { firefoxSiteOrigin } from "../support/firefox.ts";
import { clickButton, expect, test, waitForPage, waitForText } from "./support.ts";

// The site the Firefox build trusts (http://localhost:4321 in the tests), and the same site on
// another port of the same host: Firefox's pattern (http://localhost/*) covers both.
const builtIn = useServer({ port: Number(new URL(firefoxSiteOrigin()).port || 80) });
const otherPort = useServer();

test("in Firefox the P92 site finds the extension, and the same host on another port gets nothing", async ({
  firefox,
}) => {
  const site = await firefox.browser.newPage();
  await site.goto(builtIn.current.url);
  await waitForText(site, "button", /^Import from Instagram$/);
  expect(await site.$$eval("h1, h2, h3", (hs) => hs.map((h) => h.textContent))).not.toContain(
    "Install the P92 extension",
  );
  expect(await site.evaluate(bridgeAnswers, { type: "hello", waitMs: 500 })).toEqual([
    expect.objectContaining({ type: "hello", protocolVersion: 1 }),
  ]);

  const other = await firefox.browser.newPage();
  await other.goto(otherPort.current.url);
  expect(new URL(otherPort.current.url).hostname).toBe(new URL(builtIn.current.url).hostname);
  await waitForText(other, "h1, h2, h3", /^Install the P92 extension$/);
  // Nothing at all, progress included.
  for (const type of ["hello", "get-imported"]) {
    expect(await other.evaluate(bridgeAnswers, { type, waitMs: 1000, everything: true })).toEqual([]);
  }
});

test("in Firefox one click on the site imports, once the person allowed it in the extension's window", async ({
  firefox,
  instagram,
}) => {
  instagram.rateLimitOnce.add("followers:2");
  const site = await firefox.browser.newPage();
  await site.goto(builtIn.current.url);
  await clickButton(site, "Import from Instagram");
  await waitForText(site, "p", /^Confirm in the P92 window that opened/);
  const consent = await waitForPage(firefox.browser, /\/consent\.html\?request=/);
  await waitForText(consent, "body", new RegExp(firefoxSiteOrigin().replaceAll(".", "\\.")));
  // The extension closes its window as soon as it has the answer, sometimes before the click
  // itself returned: that is the click working.
  await clickButton(consent, "Allow and import").catch((error: unknown) => {
    if (!consent.isClosed()) throw error;
  });

  const preview = await waitForText(site, ".profile-preview", /Ada Lovelace 🧮/, 60_000);
  expect(preview).toContain(`@${SELF_HANDLE}`);
  expect(preview).toContain("1,234 followers · 321 following");
  await site.waitForSelector(".profile-preview img.avatar");
  // Both lists and the avatar reached the site's own database through the bridge.
  await expect
    .poll(
      async () => {
        const stored = await site.evaluate(readStoredImport);
        return [stored.following.length, stored.followers.length, stored.profile.avatarType];
      },
      { timeout: 30_000 },
    )
    .toEqual([321, 1234, "image/jpeg"]);
});
