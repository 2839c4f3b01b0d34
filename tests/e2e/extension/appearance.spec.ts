// Issue 17: the extension's popup and options page are drawn with the site's design tokens and
// icons, light and dark; each state is compared with its committed screenshot and has no axe
// violation (WCAG 2.2 A and AA). The data are the fake Instagram's fixed account and lists; the
// popup's clock is set three hours after the import, so it reads "Imported 3 hr. ago".
import type { Page } from "@playwright/test";
import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import { axeViolations, emojiHasColour, looksAsCommitted } from "../support/appearance.ts";
import {
  expect,
  expectImportDone,
  readExtensionDb,
  startFromPopup,
  test,
  type ChromeGlobal,
} from "./support.ts";

const SCHEMES = ["light", "dark"] as const;

/** A fixed moment of an import under way, as the background stores it. */
const UNDER_WAY = {
  status: "running",
  profile: "done",
  following: { fetched: 321, total: 321, skipped: 0, done: true },
  followers: { fetched: 480, total: 1234, skipped: 0, done: false },
  resumeAt: null,
  problem: null,
  updatedAt: "2026-06-01T09:00:00.000Z",
};

test("the popup (new, signed in, importing, imported) and the options page look as committed, light and dark, with no axe violation", async ({
  context,
  popup,
  serviceWorker,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const found: Record<string, string[]> = {};
  /** The page in both schemes: its screenshot (the body: a popup is as tall as its content), then axe. */
  const see = async (page: Page, state: string) => {
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
      await looksAsCommitted(page.locator("body"), `${state}-${scheme}.png`);
      found[`${state} (${scheme})`] = await axeViolations(page);
    }
  };
  await popup.setViewportSize({ width: 360, height: 600 });
  await expect(popup.getByText("No Instagram account yet")).toBeVisible();
  expect(await emojiHasColour(popup), "an emoji is drawn as a colour glyph").toBe(true);
  await see(popup, "popup-new");

  // An instagram.com page tells the extension who is signed in there.
  const instagramTab = await context.newPage();
  await instagramTab.goto(`https://www.instagram.com/${SELF_HANDLE}/`);
  await expect(popup.getByText(`@${SELF_HANDLE}`)).toBeVisible();
  await expect(popup.getByText("Signed in on Instagram: ready to import.")).toBeVisible();
  await see(popup, "popup-signed-in");
  await instagramTab.close();

  await startFromPopup(popup);
  await expectImportDone(popup);
  const importedAt = String((await readExtensionDb(serviceWorker)).profile.importedAt);
  await popup.clock.setFixedTime(Date.parse(importedAt) + 3 * 3600_000);
  await popup.reload();
  await expect(popup.getByText("Imported 3 hr. ago")).toBeVisible();
  await expect(popup.getByText("1,234 followers · 321 following")).toBeVisible();
  await expect(popup.getByRole("img", { name: "Verified" })).toBeVisible();
  await see(popup, "popup-imported");

  const setProgress = (progress: object) =>
    serviceWorker.evaluate(
      (value) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.set({ importProgress: value }),
      progress,
    );
  await setProgress(UNDER_WAY);
  await expect(popup.getByText("Followers 480 of 1,234")).toBeVisible();
  await see(popup, "popup-importing");

  const options = await context.newPage();
  await options.setViewportSize({ width: 1280, height: 800 });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(
    options.getByText(`Stored now: @${SELF_HANDLE}, 321 following, 1,234 followers.`),
  ).toBeVisible();
  await see(options, "options");

  expect(Object.entries(found).filter(([, lines]) => lines.length > 0)).toEqual([]);
});
