import type { Report } from "../../../shared/api.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { axeViolations } from "../support/appearance.ts";
import { chooseFromMenu, postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

test("a post and a profile are reported with the keyboard: a reason, what is wrong, offline said and nothing lost", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "reporter");
  const spammer = await signUpByApi(request, server.current.url, "spammer");
  const post = await postByApi(request, server.current.url, spammer, "cheap pills here");
  await signInThroughPage(page, server.current.url, "reporter");
  await page.getByRole("button", { name: "Everyone" }).click();
  const article = page.getByRole("article").filter({ hasText: "cheap pills here" });
  const more = article.getByRole("button", { name: "More" });
  await chooseFromMenu(page, more, "More", "Report this post");

  const dialog = page.getByRole("dialog", { name: "Report this post by @spammer" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("@spammer is not told who sent it");
  const send = dialog.getByRole("button", { name: "Send report" });
  await send.focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText("Choose a reason first.");
  expect(await axeViolations(page)).toEqual([]);
  // The reasons are one group of radio buttons: arrows move through them.
  await dialog.getByRole("radio", { name: "Spam" }).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("radio", { name: "Something else" })).toBeChecked();
  await send.focus();
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText("Say what is wrong: the admins need it to act.");
  await dialog.getByLabel("What is wrong? (needed)").fill("sells fake medicine");
  await send.focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("[data-toasts] .toast")).toContainText("have your report about @spammer");
  await expect(more).toBeFocused();
  // The server has it: the same report again answers the one open.
  const again = await request.post(`${server.current.url}/api/reports`, {
    headers: { authorization: `Bearer ${token}` },
    data: { postId: post.id, reason: "spam" },
  });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { report: Report }).report).toMatchObject({
    reason: "other",
    comment: "sells fake medicine",
  });

  // From the profile, offline: said, and what was chosen and written stays for a second try.
  await page.goto(`${server.current.url}/@spammer`);
  await page.context().setOffline(true);
  await chooseFromMenu(
    page,
    page.getByRole("button", { name: "More about @spammer" }),
    "More about @spammer",
    "Report @spammer",
  );
  const profileDialog = page.getByRole("dialog", { name: "Report @spammer" });
  await profileDialog.getByRole("radio", { name: "Harassment or hate" }).check();
  await profileDialog.getByLabel("Anything the admins should know (optional)").fill("every day");
  await profileDialog.getByRole("button", { name: "Send report" }).click();
  await expect(profileDialog.getByRole("alert")).toContainText("You are offline");
  await page.context().setOffline(false);
  await expect(profileDialog.getByLabel("Anything the admins should know (optional)")).toHaveValue(
    "every day",
  );
  await profileDialog.getByRole("button", { name: "Send report" }).click();
  await expect(profileDialog).toHaveCount(0);
  await expect(page.locator("[data-toasts] .toast").last()).toContainText("have your report about @spammer");
  // The same profile again: the earlier report stands, and the reporter is told so.
  await chooseFromMenu(
    page,
    page.getByRole("button", { name: "More about @spammer" }),
    "More about @spammer",
    "Report @spammer",
  );
  await page.getByRole("dialog", { name: "Report @spammer" }).getByRole("radio", { name: "Spam" }).check();
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.locator("[data-toasts] .toast").last()).toContainText("You reported this already");
});
