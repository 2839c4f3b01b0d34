import type { Page } from "@playwright/test";
import { waitForWorker } from "../app/support.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { chooseFromMenu, postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

/** The post's text as the server has it now, or its status when it has none (404: deleted). */
async function onServer(page: Page, postUrl: string): Promise<string | number> {
  const response = await page.request.get(postUrl);
  return response.ok()
    ? ((await response.json()) as { post: { text: string } }).post.text
    : response.status();
}

/** Opens the More menu of the post holding `text` and chooses `item`, with the keyboard only. */
async function chooseFromMore(page: Page, text: string, item: string) {
  const article = page.getByRole("article").filter({ hasText: text });
  await chooseFromMenu(page, article.getByRole("button", { name: "More" }), "More", item);
}

test("deleting one's post asks first; Escape keeps it, Delete removes it here and on the server", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "deleter");
  const other = await signUpByApi(request, server.current.url, "bystander");
  await postByApi(request, server.current.url, other, "not mine to delete");
  const post = await postByApi(request, server.current.url, token, "a post I regret");
  const follow = await request.post(`${server.current.url}/api/accounts/bystander/follow`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(follow.status()).toBe(200);
  await signInThroughPage(page, server.current.url, "deleter");
  const article = page.getByRole("article").filter({ hasText: "a post I regret" });
  await expect(article).toBeVisible();
  // Someone else's post's More offers muting and blocking them instead (relations.spec.ts).
  await expect(page.getByRole("article").filter({ hasText: "not mine to delete" })).toBeVisible();

  await chooseFromMore(page, "a post I regret", "Delete");
  const dialog = page.getByRole("dialog", { name: "Delete this post?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(article.getByRole("button", { name: "More" })).toBeFocused();
  expect(await onServer(page, post.url)).toBe("a post I regret");

  await chooseFromMore(page, "a post I regret", "Delete");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Delete" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(article).toHaveCount(0);
  await expect(page.locator("#main")).toBeFocused();
  await expect.poll(() => onServer(page, post.url)).toBe(404);
  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: "not mine to delete" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: "a post I regret" })).toHaveCount(0);
});

test("offline, a deletion waits in the outbox and reaches the server when the network returns", async ({
  page,
  context,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "offdeleter");
  const post = await postByApi(request, server.current.url, token, "delete me on the train");
  await signInThroughPage(page, server.current.url, "offdeleter");
  await waitForWorker(page);
  await expect(page.getByRole("article").filter({ hasText: "delete me on the train" })).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByText("You are offline")).toBeVisible();
  await chooseFromMore(page, "delete me on the train", "Delete");
  const dialog = page.getByRole("dialog", { name: "Delete this post?" });
  await expect(dialog.getByText("You are offline: it will be deleted everywhere")).toBeVisible();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("article").filter({ hasText: "delete me on the train" })).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await onServer(page, post.url)).toBe("delete me on the train");
  await context.setOffline(false);
  await expect.poll(() => onServer(page, post.url)).toBe(404);
});

test("editing one's post: the new text shows edited everywhere, and its author can read the earlier one", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "editor");
  const post = await postByApi(request, server.current.url, token, "teh first draft");
  await signInThroughPage(page, server.current.url, "editor");
  await chooseFromMore(page, "teh first draft", "Edit");
  const dialog = page.getByRole("dialog", { name: "Edit post" });
  const field = dialog.getByRole("textbox", { name: "Edit post" });
  await expect(field).toHaveValue("teh first draft");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeDisabled();
  await field.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("the first draft, fixed");
  await expect(dialog.getByText("478 characters left")).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  const article = page.getByRole("article").filter({ hasText: "the first draft, fixed" });
  await expect(article.getByText("· edited", { exact: true })).toBeVisible();
  await expect(article.getByRole("button", { name: "More" })).toBeFocused();
  await expect.poll(() => onServer(page, post.url)).toBe("the first draft, fixed");

  await chooseFromMore(page, "the first draft, fixed", "Earlier versions");
  const history = page.getByRole("dialog", { name: "Earlier versions" });
  await expect(history.getByText("teh first draft")).toBeVisible();
  await expect(history.getByText("Only you can see these.")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(history).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: "the first draft, fixed" })).toBeVisible();
});

test.describe("on a server whose edit window has passed", () => {
  const quick = useServer({ env: { P92_POST_EDIT_WINDOW_SECONDS: "1" } });

  test("the refused edit is taken back on the device, saying why", async ({ page, request }) => {
    const token = await signUpByApi(request, quick.current.url, "slowpoke");
    const post = await postByApi(request, quick.current.url, token, "written in haste");
    await signInThroughPage(page, quick.current.url, "slowpoke");
    await page.waitForTimeout(1_100);
    await chooseFromMore(page, "written in haste", "Edit");
    const dialog = page.getByRole("dialog", { name: "Edit post" });
    await dialog.getByRole("textbox").fill("written at leisure");
    await dialog.getByRole("button", { name: "Save" }).click();
    const article = page.getByRole("article").filter({ hasText: "written in haste" });
    await expect(
      article.getByText("Not saved: This post can no longer be edited: posted too long ago"),
    ).toBeVisible();
    await expect(article.getByText("· edited", { exact: true })).toHaveCount(0);
    expect(await onServer(page, post.url)).toBe("written in haste");
  });
});
