import type { APIRequestContext } from "@playwright/test";
import { expect, test, useServer } from "../support/fixtures.ts";
import { chooseFromMenu, postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

async function follow(request: APIRequestContext, token: string, handle: string) {
  const response = await request.post(`${server.current.url}/api/accounts/${handle}/follow`, as(token));
  expect(response.status()).toBe(200);
}

/** The handles of whom `token`'s account blocked or muted, as the server has them. */
async function listed(request: APIRequestContext, token: string, kind: "blocks" | "mutes") {
  const answer = await request.get(`${server.current.url}/api/me/${kind}`, as(token));
  return ((await answer.json()) as { accounts: { handle: string }[] }).accounts.map((a) => a.handle);
}

test("muting someone from a post's menu takes their posts out of the feed at once; Undo and their profile bring them back", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "muter");
  const loud = await signUpByApi(request, server.current.url, "loud");
  await follow(request, token, "loud");
  await postByApi(request, server.current.url, loud, "loud post one");
  await postByApi(request, server.current.url, token, "my quiet post");
  await signInThroughPage(page, server.current.url, "muter");
  const article = page.getByRole("article").filter({ hasText: "loud post one" });
  await expect(article).toBeVisible();

  await chooseFromMenu(page, article.getByRole("button", { name: "More" }), "More", "Mute @loud");
  await expect(article).toHaveCount(0);
  const toast = page.locator("[data-toasts] .toast").filter({ hasText: "@loud is muted" });
  await expect(toast).toBeVisible();
  await expect.poll(() => listed(request, token, "mutes")).toEqual(["loud"]);
  await expect(page.getByRole("article").filter({ hasText: "my quiet post" })).toBeVisible();

  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(article).toBeVisible();
  await expect.poll(() => listed(request, token, "mutes")).toEqual([]);

  // Muted again, their profile still shows their posts, says so, and unmutes.
  await chooseFromMenu(page, article.getByRole("button", { name: "More" }), "More", "Mute @loud");
  await expect(article).toHaveCount(0);
  await page.goto(`${server.current.url}/@loud`);
  await expect(page.getByRole("status").filter({ hasText: "You muted @loud" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: "loud post one" })).toBeVisible();
  await page.getByRole("button", { name: "Unmute @loud" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You muted @loud" })).toHaveCount(0);
  await expect.poll(() => listed(request, token, "mutes")).toEqual([]);
});

test("blocking from a profile asks first, hides them and ends the follows; the blocked person's device forgets the blocker", async ({
  page,
  browser,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "blocker");
  const pest = await signUpByApi(request, server.current.url, "pest");
  await follow(request, token, "pest");
  await follow(request, pest, "blocker");
  await postByApi(request, server.current.url, pest, "pest was here");
  await postByApi(request, server.current.url, token, "blocker speaks");
  // The blocked person's device holds the blocker's profile and posts from before.
  const pestPage = await (await browser.newContext()).newPage();
  await signInThroughPage(pestPage, server.current.url, "pest");
  await expect(pestPage.getByRole("article").filter({ hasText: "blocker speaks" })).toBeVisible();

  await signInThroughPage(page, server.current.url, "blocker");
  await expect(page.getByRole("article").filter({ hasText: "pest was here" })).toBeVisible();
  await page.goto(`${server.current.url}/@pest`);
  const more = page.getByRole("button", { name: "More about @pest" });
  await chooseFromMenu(page, more, "More about @pest", "Block @pest");
  const dialog = page.getByRole("dialog", { name: "Block @pest?" });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(more).toBeFocused();
  expect(await listed(request, token, "blocks")).toEqual([]);

  await chooseFromMenu(page, more, "More about @pest", "Block @pest");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Block" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "You blocked @pest" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Follow|Unfollow)/ })).toHaveCount(0);
  await expect(page.getByRole("article")).toHaveCount(0);
  await expect.poll(() => listed(request, token, "blocks")).toEqual(["pest"]);
  const profile = await request.get(`${server.current.url}/api/accounts/blocker`, as(token));
  expect(await profile.json()).toMatchObject({ account: { followerCount: 0, followingCount: 0 } });
  await page.goto(server.current.url);
  await expect(page.getByRole("article").filter({ hasText: "blocker speaks" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: "pest was here" })).toHaveCount(0);

  // The blocked person finds no such profile, and their device lets go of what it held.
  await pestPage.goto(`${server.current.url}/@blocker`);
  await expect(pestPage.getByRole("alert")).toContainText("blocker");
  await pestPage.goto(server.current.url);
  await expect(pestPage.getByRole("article").filter({ hasText: "blocker speaks" })).toHaveCount(0);

  // Unblocked from the profile's notice: nothing of before comes back by itself.
  await page.goto(`${server.current.url}/@pest`);
  await page.getByRole("button", { name: "Unblock @pest" }).click();
  await expect(page.getByRole("button", { name: "Follow @pest" })).toBeVisible();
  await expect.poll(() => listed(request, token, "blocks")).toEqual([]);
});
