// Issue 17: a person with only a keyboard signs in, posts, likes, replies, opens a photo larger and
// moves between the app's tabs and a profile's tabs. Nothing here clicks or focuses by script: focus
// moves by Tab (and the arrow keys where a widget takes them), as it would for that person.
import type { Locator, Page } from "@playwright/test";
import { expect, test, useServer } from "../support/fixtures.ts";
import { makeShowcase } from "./showcase.ts";

const server = useServer();

/**
 * Presses Tab (Shift+Tab `backwards`) until `target` has the focus; fails if it takes more than
 * `limit` presses.
 */
async function tabTo(page: Page, target: Locator, { limit = 40, backwards = false } = {}): Promise<void> {
  const key = backwards ? "Shift+Tab" : "Tab";
  for (let presses = 0; presses <= limit; presses++) {
    // As a person would, wait for the page to settle first: the composer's row is swapped for the
    // full composer when focus reaches it, and for that instant nothing has the focus (the body).
    await page
      .waitForFunction(() => document.activeElement !== document.body, null, { timeout: 2000 })
      .catch(() => {});
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  // Where the focus ended, and how many elements the target names, to tell what went wrong.
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 300) ?? "nothing");
  throw new Error(
    `${target} (${await target.count()} found) was not reached in ${limit} presses of ${key}; the focus is on ${focused}`,
  );
}

test("with the keyboard alone a person signs in, posts, likes, replies, opens a photo and moves between tabs", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  const showcase = await makeShowcase(request, url);
  await page.goto(url);

  await tabTo(page, page.getByText("I already have an account: sign in"));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByLabel("Handle"));
  await page.keyboard.type(showcase.handle);
  await tabTo(page, page.getByLabel(/^Password/));
  await page.keyboard.type("correct horse battery");
  await page.keyboard.press("Enter");
  const field = page.getByLabel("What's new?");
  await expect(field).toBeVisible();
  // Signed in, the form is gone: the focus is on the main region, not lost to the page.
  await expect(page.locator("#main")).toBeFocused();

  // Posting: the "Start a post…" row becomes the composer when focus reaches it.
  await tabTo(page, field);
  await page.keyboard.type("Written without a mouse");
  await tabTo(page, page.getByRole("button", { name: "Post", exact: true }));
  await page.keyboard.press("Enter");
  const mine = page.getByRole("article").filter({ hasText: "Written without a mouse" });
  await expect(mine).toBeVisible();
  await expect(mine.getByText("Sending…")).toHaveCount(0);

  // Liking Léa's photo post, and the count says so.
  const photoPost = page.getByRole("article").filter({ hasText: "Morning light over the Saône" });
  const like = photoPost.getByRole("button", { name: /^Like/ });
  await tabTo(page, like, { limit: 60 });
  await expect(like).toHaveAccessibleName("Like, 3 likes");
  await page.keyboard.press("Enter");
  await expect(like).toHaveAccessibleName("Like, 4 likes");
  await expect(like).toHaveAttribute("aria-pressed", "true");

  // Opening the photo larger, then closing it: focus comes back to the photo.
  const photo = photoPost.getByRole("button", { name: `${showcase.photoAlt} (open larger)` });
  await tabTo(page, photo, { backwards: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await expect(page.getByRole("dialog").getByRole("img", { name: showcase.photoAlt })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(photo).toBeFocused();

  // Replying: the reply composer opens under the post and takes the focus.
  await tabTo(page, photoPost.getByRole("button", { name: /^Reply/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Reply to @lea" })).toBeAttached();
  await expect(field).toBeFocused();
  await page.keyboard.type("Typed with the keys");
  await tabTo(page, page.getByRole("button", { name: "Reply", exact: true }));
  await page.keyboard.press("Enter");
  await expect(photoPost.getByRole("button", { name: /^Reply/ })).toHaveAccessibleName("Reply, 2 replies");

  // The app's tabs: Profile, then the profile's own tabs by the arrow keys.
  const nav = page.getByRole("navigation", { name: "Main" });
  await tabTo(page, nav.getByRole("link", { name: "Profile" }), { limit: 80 });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/@${showcase.handle}$`));
  const posts = page.getByRole("tab", { name: "Posts" });
  await tabTo(page, posts);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Replies" })).toBeFocused();
  await expect(page.getByRole("tabpanel")).toContainText("Typed with the keys");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Media" })).toBeFocused();
  await expect(page.getByRole("tabpanel")).toContainText("Morning light over the Saône");
  await tabTo(page, nav.getByRole("link", { name: /^Notifications/ }), { limit: 80, backwards: true });
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/notifications\/$/);
  await expect(page.getByText(/liked your post/)).toBeVisible();
});
