/**
 * What the appearance tests share (the site's and the extension's): the comparison with a
 * committed screenshot, and axe-core's WCAG 2.2 A and AA check. The screenshots are Debian's
 * Chromium's with Debian's Noto fonts (.ci/run installs them); after a change to the look,
 * `npm run test:e2e -- --update-snapshots <spec>` writes new ones, to be looked at before they are
 * committed.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures.ts";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// The same build draws the same pixels with the same browser and fonts (runs here differed by
// none), so almost none may differ: a moved button differs by hundreds, a changed digit by a few
// dozen (a count going from 2 to 1 passed a tolerance of 64).
export const MAX_DIFF_PIXELS = 4;

/** axe's violations on the page as it is now, one line each with the elements concerned. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/** Waits until every picture on the screen is settled, then compares `target` with its screenshot. */
export async function looksAsCommitted(
  target: Page | Locator,
  name: string,
  mask: Locator[] = [],
): Promise<void> {
  const page = "page" in target ? target.page() : target;
  // Loaded or broken: a broken one then shows in the comparison, rather than as a wait that
  // never ends.
  await page.waitForFunction(
    () =>
      [...document.images]
        .filter((image) => {
          const box = image.getBoundingClientRect();
          return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
        })
        .every((image) => image.complete),
    undefined,
    { timeout: 15_000 },
  );
  await expect(target).toHaveScreenshot(name, { maxDiffPixels: MAX_DIFF_PIXELS, mask });
}

/** Draws an emoji with the page's own font stack: a colour glyph has colour, a missing one is a grey box. */
export async function emojiHasColour(page: Page): Promise<boolean> {
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
