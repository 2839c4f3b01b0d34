// Issue 17: the app's frame and its controls, as a person uses them with a mouse, a finger or
// only the keyboard.
import { newId } from "../../../shared/ids.ts";
import { postPhotoByApi } from "../app/support.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();
const TABS = ["Home", "Search", "New post", "Notifications", "Profile"];

test("phones get one row of tabs at the bottom, wide screens a rail; Profile leads to one's own page", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  await signUpByApi(request, url, "tabby");
  await page.setViewportSize({ width: 320, height: 640 });
  await signInThroughPage(page, url, "tabby");
  const nav = page.getByRole("navigation", { name: "Main" });
  const boxes = [];
  for (const name of TABS) boxes.push((await nav.getByRole("link", { name, exact: true }).boundingBox())!);
  // One row, each a 44 px target at least, on the screen's bottom edge.
  expect(new Set(boxes.map((box) => Math.round(box.y))).size).toBe(1);
  for (const box of boxes) expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  expect(Math.round(boxes[0]!.y + boxes[0]!.height)).toBeGreaterThanOrEqual(640 - 2);
  await expect(nav.getByRole("link", { name: "Home", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Profile" })).toHaveAttribute("href", "/@tabby");

  // "New post" on the home page opens its composer in place.
  await nav.getByRole("link", { name: "New post" }).click();
  await expect(page.getByLabel("What's new?")).toBeFocused();
  await expect(page.getByRole("button", { name: "Post", exact: true })).toBeVisible();
  // The borderless field shows its focus as a line under its row.
  const row = page.locator(".composer-row").filter({ has: page.getByLabel("What's new?") });
  expect(await row.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe("none");

  await page.setViewportSize({ width: 1280, height: 800 });
  const rail = (await nav.boundingBox())!;
  expect(rail.x).toBe(0);
  expect(rail.height).toBeGreaterThanOrEqual(800 - 1);
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await nav.getByRole("link", { name: "Profile" }).click();
  await expect(page).toHaveURL(/\/@tabby$/);
  await expect(nav.getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
});

test("likes of a post are one notification with its first line, and the tab shows the unread count", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  const token = await signUpByApi(request, url, "poet");
  const created = { id: newId() };
  const post = await request.post(`${url}/api/posts`, {
    headers: { authorization: `Bearer ${token}` },
    data: { id: created.id, text: "Un vers par jour\net le reste demain" },
  });
  expect(post.status()).toBe(201);
  for (const fan of ["lea", "sam", "zoe"]) {
    const fanToken = await signUpByApi(request, url, fan);
    const like = await request.post(`${url}/api/posts/${created.id}/like`, {
      headers: { authorization: `Bearer ${fanToken}` },
    });
    expect(like.ok()).toBe(true);
  }
  await signInThroughPage(page, url, "poet");
  const tab = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ });
  await expect(tab).toHaveAccessibleName("Notifications, 3 unread");
  await tab.click();
  const item = page.getByRole("listitem").filter({ hasText: "liked your post" });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("@zoe and 2 others liked your post");
  await expect(item).toContainText("Un vers par jour");
  await expect(item).not.toContainText("et le reste demain");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(tab).toHaveAccessibleName("Notifications");
});

test("a photo opens larger by keyboard; arrows move, its alt text is read, Escape gives the focus back", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  const token = await signUpByApi(request, url, "framer");
  await postPhotoByApi(request, url, token, "Deux carrés", ["The first square", "The second square"]);
  await signInThroughPage(page, url, "framer");
  const post = page.getByRole("article").filter({ hasText: "Deux carrés" });
  const first = post.getByRole("button", { name: "The first square (open larger)" });
  await first.focus();
  await page.keyboard.press("Enter");
  const box = page.getByRole("dialog", { name: "1 of 2" });
  await expect(box).toBeVisible();
  await expect(box.getByRole("img", { name: "The first square" })).toBeVisible();
  await expect(box.getByText("The first square", { exact: true })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("dialog", { name: "2 of 2" })).toBeVisible();
  await expect(page.getByRole("dialog").getByRole("img", { name: "The second square" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(first).toBeFocused();
});

test("the repost menu and a profile's tabs work with the keyboard alone", async ({ page, request }) => {
  const url = server.current.url;
  const token = await signUpByApi(request, url, "keys");
  const auth = { authorization: `Bearer ${token}` };
  const post = { id: newId() };
  const first = await request.post(`${url}/api/posts`, {
    headers: auth,
    data: { id: post.id, text: "Premier" },
  });
  expect(first.status()).toBe(201);
  await request.post(`${url}/api/posts`, {
    headers: auth,
    data: { id: newId(), text: "Une réponse", replyTo: post.id },
  });
  await postPhotoByApi(request, url, token, "Avec une photo");
  await signInThroughPage(page, url, "keys");

  const premier = page.getByRole("article").filter({ hasText: "Premier" }).first();
  const repost = premier.getByRole("button", { name: /^Repost/ });
  await repost.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Repost" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Quote" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(page.getByRole("menuitem", { name: "Repost" })).toBeFocused();
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Quote" })).toBeFocused();
  // Focus moved elsewhere (as a screen reader may do) closes the menu and stays where it went.
  const home = page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Home", exact: true });
  await home.focus();
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(home).toBeFocused();
  await repost.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Repost" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(repost).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Repost" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(repost).toHaveAccessibleName("Repost, 1 repost, reposted by you");
  await expect(repost).toBeFocused();

  await page.goto(`${url}/@keys`);
  const posts = page.getByRole("tab", { name: "Posts" });
  await expect(posts).toHaveAttribute("aria-selected", "true");
  const panel = page.getByRole("tabpanel");
  await expect(panel.getByRole("article")).toHaveCount(2);
  // Reachable by Tab even when it holds nothing focusable (WAI-ARIA tabs pattern).
  await expect(panel).toHaveAttribute("tabindex", "0");
  await posts.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Replies" })).toBeFocused();
  await expect(panel.getByRole("article")).toHaveCount(1);
  await expect(panel).toContainText("Une réponse");
  await page.keyboard.press("ArrowRight");
  await expect(panel.getByRole("article")).toHaveCount(1);
  await expect(panel).toContainText("Avec une photo");
});

test("on a phone the open composer is a modal sheet: Tab stays in it, and closing gives the focus back", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  const token = await signUpByApi(request, url, "sheeted");
  const first = await request.post(`${url}/api/posts`, {
    headers: { authorization: `Bearer ${token}` },
    data: { id: newId(), text: "Something to answer" },
  });
  expect(first.status()).toBe(201);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInThroughPage(page, url, "sheeted");
  const field = page.getByLabel("What's new?");
  const post = page.getByRole("button", { name: "Post", exact: true });
  const focusInSheet = () =>
    page.evaluate(() => document.querySelector("form.composer")!.contains(document.activeElement));

  await field.focus();
  const sheet = page.getByRole("dialog", { name: "Write a post" });
  await expect(sheet).toHaveAttribute("aria-modal", "true");
  await page.keyboard.type("Hello");
  for (const key of ["Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    expect(await focusInSheet(), `after ${key}`).toBe(true);
  }
  // Escape: back to the row, which keeps the focus and what was written, and stays closed...
  await field.focus();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(post).toBeHidden();
  await expect(field).toBeFocused();
  await expect(field).toHaveValue("Hello");
  // ...until something is typed into it.
  await page.keyboard.type("!");
  await expect(post).toBeVisible();
  await expect(field).toHaveValue("Hello!");
  await page.keyboard.press("Escape");

  // Opened by the New post tab: closing gives the focus back to the tab.
  const newPost = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New post" });
  await newPost.focus();
  await page.keyboard.press("Enter");
  await expect(field).toBeFocused();
  await expect(sheet).toBeVisible();
  await page.getByRole("button", { name: "Close the composer" }).click();
  await expect(newPost).toBeFocused();

  // While it is open the page behind is inert; Escape works from any of its controls.
  await page.keyboard.press("Enter");
  await expect(sheet).toBeVisible();
  expect(await page.evaluate(() => document.querySelector("nav")!.closest("[inert]") !== null)).toBe(true);
  await page.getByRole("button", { name: "Close the composer" }).focus();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(newPost).toBeFocused();
  expect(await page.evaluate(() => document.querySelector("[inert]"))).toBeNull();
  // A tap on the dimmed page closes it, and does not reach what was under the dim (the press
  // began on the inert page, so its click goes to what holds both ends: no button).
  const everyone = page.getByRole("button", { name: "Everyone" });
  await expect(everyone).toHaveAttribute("aria-pressed", "true");
  await field.focus();
  await expect(sheet).toBeVisible();
  const following = (await page.getByRole("button", { name: "Following" }).boundingBox())!;
  await page.mouse.click(following.x + following.width / 2, following.y + following.height / 2);
  await expect(post).toBeHidden();
  await expect(everyone).toHaveAttribute("aria-pressed", "true");

  // Opened by a post's Reply: an empty reply closed gives the focus back to that Reply.
  const reply = page
    .getByRole("article")
    .first()
    .getByRole("button", { name: /^Reply/ });
  await reply.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: /^Reply to @sheeted/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(reply).toBeFocused();

  // On a wide screen the open composer is part of the page, not a dialog.
  await page.setViewportSize({ width: 1280, height: 800 });
  await field.focus();
  await expect(page.locator("form.composer.open")).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelector("[inert]"))).toBeNull();
});
