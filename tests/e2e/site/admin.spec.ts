import { expect, test, useServer } from "../support/fixtures.ts";
import { axeViolations } from "../support/appearance.ts";
import { postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer({ env: { P92_ADMIN_HANDLES: "siteadmin,susadmin" } });

test("an admin works the report queue with the keyboard: delete a post, dismiss, block a server, all logged", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  await signUpByApi(request, url, "siteadmin");
  const ana = await signUpByApi(request, url, "adana");
  const ben = await signUpByApi(request, url, "adben");
  const post = await postByApi(request, url, ben, "<b>cheap</b> pills at my place");
  const report = async (data: object) =>
    expect(
      (
        await request.post(`${url}/api/reports`, { headers: { authorization: `Bearer ${ana}` }, data })
      ).status(),
    ).toBe(201);
  await report({ postId: post.id, reason: "spam", comment: "selling pills" });
  await report({ handle: "adben", reason: "harassment" });

  await signInThroughPage(page, url, "siteadmin");
  // Settings leads an admin there.
  await page.goto(`${url}/settings/`);
  await page.getByRole("link", { name: /^Moderation: reports/ }).click();
  await expect(page).toHaveURL(`${url}/admin/`);
  await expect(page.getByRole("heading", { name: "Moderation", level: 1 })).toBeVisible();
  const reports = page.getByRole("region", { name: "Reports" });
  const postReport = reports.getByRole("article", { name: "A post by @adben" });
  await expect(postReport).toContainText("Spam · reported by @adana");
  await expect(postReport).toContainText("selling pills");
  // What was reported, as text: markup in it is shown, never run.
  await expect(postReport.getByRole("group", { name: "As it was when reported" })).toContainText(
    "<b>cheap</b> pills at my place",
  );
  await expect(reports.getByRole("article", { name: "The account @adben" })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // Delete the post, with the keyboard only, saying why.
  await postReport.getByRole("button", { name: "Delete post" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Delete this post by @adben?" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Why (kept in the log, optional)").focus();
  await page.keyboard.type("pill spam");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Delete post" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("[data-toasts] .toast")).toContainText("Post deleted.");
  await expect(page.getByRole("heading", { name: "Reports" })).toBeFocused();
  await expect(postReport).toHaveCount(0);
  expect((await request.get(`${url}/api/posts/${post.id}`)).status()).toBe(404);

  // Dismiss the other; the queue is empty, the resolved ones hold both.
  await reports.getByRole("button", { name: "Dismiss" }).click();
  await page
    .getByRole("dialog", { name: "Dismiss this report?" })
    .getByRole("button", { name: "Dismiss" })
    .click();
  await expect(reports).toContainText("No open reports.");
  await reports.getByRole("button", { name: "Resolved" }).click();
  await expect(reports.getByRole("article")).toHaveCount(2);

  // Block a server by name: a bad name is said; blocked, it is listed with Unblock.
  const servers = page.getByRole("region", { name: "Blocked servers" });
  const domain = servers.getByLabel("Server's domain name");
  await domain.fill("not a domain");
  await domain.press("Enter");
  await expect(servers.getByRole("alert")).toHaveText("Write a server's domain name, such as spam.example.");
  await expect(domain).toBeFocused();
  await domain.fill("Spam.Example");
  await domain.press("Enter");
  await page
    .getByRole("dialog", { name: "Block spam.example?" })
    .getByRole("button", { name: "Block server" })
    .click();
  await expect(servers.getByRole("button", { name: "Unblock spam.example" })).toBeVisible();
  await expect(domain).toHaveValue("");

  // The log says who did what, to what, why.
  const log = page.getByRole("region", { name: "What admins did" }).getByRole("table");
  await expect(log.getByRole("row")).toHaveCount(4);
  await expect(log.getByRole("row").nth(1)).toContainText("@siteadminBlocked spam.example");
  await expect(log.getByRole("row").nth(3)).toContainText(`Deleted post ${post.id} (report`);
  await expect(log.getByRole("row").nth(3)).toContainText("pill spam");
  expect(await axeViolations(page)).toEqual([]);
});

test("the page says so to someone who is not an admin, in their language", async ({ page, request }) => {
  await signUpByApi(request, server.current.url, "notadmin");
  await signInThroughPage(page, server.current.url, "notadmin");
  await page.goto(`${server.current.url}/settings/`);
  await expect(page.getByRole("heading", { name: "Blocked accounts" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Moderation/ })).toHaveCount(0);
  await page.getByRole("combobox", { name: "Language" }).selectOption("fr");
  await expect(page.getByRole("heading", { name: "Réglages", level: 1 })).toBeVisible();
  // Kept on the device (written just after the page switches): read again until it is.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Réglages", level: 1 })).toBeVisible({ timeout: 1000 });
  }).toPass();
  await page.goto(`${server.current.url}/admin/`);
  await expect(page.getByRole("heading", { name: "Modération", level: 1 })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText(
    "Cette page est réservée aux admins de ce serveur : votre compte n’en fait pas partie.",
  );
});

test("an admin suspends an account from a report: it leaves a follower's device, cannot sign in and is told why, until lifted from the list", async ({
  page,
  browser,
  request,
}) => {
  const url = server.current.url;
  await signUpByApi(request, url, "susadmin");
  const fan = await signUpByApi(request, url, "susfan");
  const rude = await signUpByApi(request, url, "susrude");
  const as = { headers: { authorization: `Bearer ${fan}` } };
  expect((await request.post(`${url}/api/accounts/susrude/follow`, as)).status()).toBe(200);
  await postByApi(request, url, rude, "rude words for everyone");
  const reported = await request.post(`${url}/api/reports`, {
    ...as,
    data: { handle: "susrude", reason: "harassment" },
  });
  expect(reported.status()).toBe(201);
  // The follower's device holds the post.
  const fanPage = await (await browser.newContext()).newPage();
  await signInThroughPage(fanPage, url, "susfan");
  const rudePost = fanPage.getByRole("article").filter({ hasText: "rude words for everyone" });
  await expect(rudePost).toBeVisible();

  await signInThroughPage(page, url, "susadmin");
  await page.goto(`${url}/admin/`);
  const card = page
    .getByRole("region", { name: "Reports" })
    .getByRole("article", { name: "The account @susrude" });
  await card.getByRole("button", { name: "Suspend @susrude" }).click();
  const dialog = page.getByRole("dialog", { name: "Suspend @susrude?" });
  await dialog.getByLabel("Why (kept in the log, optional)").fill("harasses everyone");
  await dialog.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect(page.locator("[data-toasts] .toast")).toContainText("@susrude is suspended.");
  await expect(card).toHaveCount(0);
  const suspended = page.getByRole("region", { name: "Suspended accounts" });
  await expect(suspended.getByRole("listitem")).toContainText("@susrude");
  const log = page.getByRole("region", { name: "What admins did" }).getByRole("table");
  await expect(log.getByRole("row").nth(1)).toContainText("Suspended @susrude");
  await expect(log.getByRole("row").nth(1)).toContainText("harasses everyone");
  expect(await axeViolations(page)).toEqual([]);

  // The follower's device lets go of it at its next sync; its profile says it is suspended.
  await fanPage.reload();
  await expect(fanPage.getByLabel("What's new?")).toBeVisible();
  await expect(rudePost).toHaveCount(0);
  await fanPage.goto(`${url}/@susrude`);
  await expect(fanPage.getByRole("alert")).toHaveText("@susrude is suspended.");

  // The suspended person is told why they cannot sign in.
  const rudePage = await (await browser.newContext()).newPage();
  await rudePage.goto(url);
  await rudePage.getByText("I already have an account: sign in").click();
  await rudePage.getByLabel("Handle").fill("susrude");
  await rudePage.getByLabel(/^Password/).fill("correct horse battery");
  await rudePage.getByRole("button", { name: "Sign in" }).click();
  await expect(rudePage.getByRole("alert")).toHaveText(
    "Not signed in: this account is suspended by the server's admins.",
  );

  // Lifted from the list: the follower sees the post again.
  await suspended.getByRole("button", { name: "Lift the suspension of @susrude" }).click();
  await page
    .getByRole("dialog", { name: "Lift the suspension of @susrude?" })
    .getByRole("button", { name: "Lift suspension" })
    .click();
  await expect(suspended).toContainText("No account is suspended.");
  await fanPage.goto(url);
  await expect(rudePost).toBeVisible();
});
