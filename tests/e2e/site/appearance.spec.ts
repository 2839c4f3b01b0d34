// Issue 17: how the site looks, kept that way. Every main state, on a phone (390 × 844) and a wide
// screen (1280 × 800), light and dark, is compared with its committed screenshot, and has no
// violation axe-core finds of WCAG 2.2 A and AA (on the phone in light and the wide screen in
// dark: every state, both sizes, both colour schemes). axe checks what a machine can (names, roles,
// contrast, ARIA use); the keyboard walk in keyboard.spec.ts checks the rest a machine can.
// How screenshots are compared and updated: support/appearance.ts. The README shows some of them.
import type { Locator } from "@playwright/test";
import { axeViolations, emojiHasColour, looksAsCommitted } from "../support/appearance.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { makeShowcase, SHOWCASE_CLOCK_AHEAD_MS } from "./showcase.ts";
import { signInThroughPage } from "./support.ts";

// axe runs on two of the four (each size once, each scheme once): it takes about 2.5 s a state
// here, ten times a screenshot, and the other two have the same markup and the same colours.
const SCREENS = [
  { name: "phone", title: "a phone", width: 390, height: 844, colorScheme: "light", axe: true },
  {
    name: "phone-dark",
    title: "a phone in dark mode",
    width: 390,
    height: 844,
    colorScheme: "dark",
    axe: false,
  },
  { name: "wide", title: "a wide screen", width: 1280, height: 800, colorScheme: "light", axe: false },
  {
    name: "wide-dark",
    title: "a wide screen in dark mode",
    width: 1280,
    height: 800,
    colorScheme: "dark",
    axe: true,
  },
] as const;

test.describe.configure({ mode: "parallel" });

for (const screen of SCREENS) {
  test.describe(`on ${screen.title}`, () => {
    const server = useServer();

    test(`onboarding, feed, delete dialog, composer, photo, thread, profile, profile editor, followers, notifications, search and settings look as committed${screen.axe ? " and have no axe violation" : ""}`, async ({
      page,
      request,
    }) => {
      // Twelve states, each a screenshot and (on two screens) axe at ~2.5 s: ~50 s on a loaded CI
      // machine, over the default minute once.
      test.setTimeout(150_000);
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await page.emulateMedia({ colorScheme: screen.colorScheme, reducedMotion: "reduce" });
      const url = server.current.url;
      const found: Record<string, string[]> = {};
      /** The state as it is now: its screenshot, then axe. `mask` hides what changes between runs. */
      const see = async (state: string, mask: Locator[] = []) => {
        await looksAsCommitted(page, `${state}-${screen.name}.png`, mask);
        if (screen.axe) found[state] = await axeViolations(page);
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

      // One's own post's More menu, and Delete's confirmation.
      const photoPost = feed.filter({ hasText: "Morning light over the Saône" });
      await photoPost.getByRole("button", { name: "More" }).click();
      await page.getByRole("menuitem", { name: "Delete" }).click();
      await expect(page.getByRole("dialog", { name: "Delete this post?" })).toBeVisible();
      await see("delete-dialog");
      await page.keyboard.press("Escape");

      await page.getByRole("button", { name: `${showcase.photoAlt} (open larger)` }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await see("lightbox");
      await page.keyboard.press("Escape");

      // Sam's reply: the photo post above it, Léa's answer below, joined by the thread line.
      await page.goto(`${url}/post/?id=${showcase.replyId}`);
      await expect(page.getByText("Morning light over the Saône")).toBeVisible();
      await expect(page.getByText("Worth the early train.")).toBeVisible();
      await see("thread");

      await page.goto(`${url}/@${showcase.handle}`);
      await expect(page.getByRole("tab", { name: "Posts" })).toBeVisible();
      await expect(page.getByRole("tabpanel").getByRole("article").first()).toBeVisible();
      await see("profile");

      await page.getByRole("button", { name: "Edit profile" }).click();
      await expect(page.getByRole("dialog", { name: "Edit profile" }).getByLabel("Name")).toBeVisible();
      await see("profile-editor");
      await page.keyboard.press("Escape");

      await page.getByRole("link", { name: "3 followers" }).click();
      await expect(page.getByRole("tabpanel").getByRole("listitem")).toHaveCount(3);
      await see("followers");

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
