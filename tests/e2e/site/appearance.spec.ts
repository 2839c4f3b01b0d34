// Issue 17: how the site looks, kept that way. Every main state, on a phone (390 × 844) and a wide
// screen (1280 × 800), light and dark, is compared with its committed screenshot, and has no
// violation axe-core finds of WCAG 2.2 A and AA. axe checks what a machine can (names, roles,
// contrast, ARIA use); the keyboard walk in keyboard.spec.ts checks the rest a machine can.
// The screenshots are drawn by Debian's Chromium with Debian's Noto fonts (.ci/run installs them);
// after a change to the look, `npm run test:e2e -- --update-snapshots tests/e2e/site/appearance`
// writes new ones, to be looked at before they are committed. The README shows some of them.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, test, useServer } from "../support/fixtures.ts";
import { makeShowcase, SHOWCASE_CLOCK_AHEAD_MS } from "./showcase.ts";
import { signInThroughPage } from "./support.ts";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SCREENS = [
  { name: "phone", title: "a phone", width: 390, height: 844, colorScheme: "light" },
  { name: "phone-dark", title: "a phone in dark mode", width: 390, height: 844, colorScheme: "dark" },
  { name: "wide", title: "a wide screen", width: 1280, height: 800, colorScheme: "light" },
  { name: "wide-dark", title: "a wide screen in dark mode", width: 1280, height: 800, colorScheme: "dark" },
] as const;
// Small enough that a button moved by a few pixels fails (a 44 px target moved 4 px changes over
// 300 pixels), large enough for nothing: the same build draws the same pixels.
const MAX_DIFF_PIXELS = 64;

/** axe's violations on the page as it is now, one line each with the elements concerned. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** Waits until every picture on the screen is drawn, so the screenshot has it. */
async function picturesDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.images]
      .filter((image) => {
        const box = image.getBoundingClientRect();
        return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
      })
      .every((image) => image.complete && image.naturalWidth > 0),
  );
}

/** Draws an emoji with the page's own font stack: a colour glyph has colour, a missing one is a grey box. */
async function emojiHasColour(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    context.font = `48px ${getComputedStyle(document.body).fontFamily}`;
    context.fillStyle = "#000";
    context.textBaseline = "top";
    context.fillText("😍", 4, 4);
    const { data } = context.getImageData(0, 0, 64, 64);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (data[i + 3]! > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 64) coloured++;
    }
    return coloured > 100;
  });
}

test.describe.configure({ mode: "parallel" });

for (const screen of SCREENS) {
  test.describe(`on ${screen.title}`, () => {
    const server = useServer();

    test("onboarding, feed, composer, photo, thread, profile, notifications, search and settings look as committed and have no axe violation", async ({
      page,
      request,
    }) => {
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await page.emulateMedia({ colorScheme: screen.colorScheme, reducedMotion: "reduce" });
      const url = server.current.url;
      const found: Record<string, string[]> = {};
      /** The state as it is now: its screenshot, then axe. `mask` hides what changes between runs. */
      const see = async (state: string, mask: Locator[] = []) => {
        await picturesDrawn(page);
        await expect(page).toHaveScreenshot(`${state}-${screen.name}.png`, {
          maxDiffPixels: MAX_DIFF_PIXELS,
          mask,
        });
        found[state] = await violations(page);
      };

      await page.goto(url);
      await expect(page.getByRole("heading", { name: "Install the P92 extension" })).toBeVisible();
      expect(await emojiHasColour(page), "an emoji is drawn as a colour glyph").toBe(true);
      await see("onboarding");

      const showcase = await makeShowcase(request, url);
      await page.clock.setFixedTime(showcase.madeAt + SHOWCASE_CLOCK_AHEAD_MS);
      await signInThroughPage(page, url, showcase.handle);
      const feed = page.getByRole("article");
      await expect(feed.filter({ hasText: "Morning light over the Saône" })).toBeVisible();
      await expect(feed.filter({ hasText: "أول منشور لي هنا" })).toBeVisible();
      await see("feed");

      await page.getByLabel("What's new?").focus();
      await expect(page.getByRole("button", { name: "Post", exact: true })).toBeVisible();
      await see("composer");
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: `${showcase.photoAlt} (open larger)` }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await see("lightbox");
      await page.keyboard.press("Escape");

      await page.goto(`${url}/post/?id=${showcase.photoPostId}`);
      await expect(page.getByText("Worth the early train.")).toBeVisible();
      await see("thread");

      await page.goto(`${url}/@${showcase.handle}`);
      await expect(page.getByRole("tab", { name: "Posts" })).toBeVisible();
      await expect(page.getByRole("tabpanel").getByRole("article").first()).toBeVisible();
      await see("profile");

      await page.goto(`${url}/notifications/`);
      await expect(page.getByText(/liked your post/)).toBeVisible();
      await see("notifications");

      await page.goto(`${url}/search/?q=light`);
      await expect(page.getByRole("article").first()).toBeVisible();
      await see("search");

      await page.goto(`${url}/settings/`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // The server's address holds this run's port.
      await see("settings", [page.getByLabel("The P92 server this device syncs with.")]);

      expect(Object.entries(found).filter(([, lines]) => lines.length > 0)).toEqual([]);
    });
  });
}
