import type { Page } from "@playwright/test";
import sharp from "sharp";
import type { Account } from "../../../shared/schema/social.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

async function accountOnServer(page: Page, handle: string): Promise<Account> {
  const answer = await page.request.get(`${server.current.url}/api/accounts/${handle}`);
  return ((await answer.json()) as { account: Account }).account;
}

/** A wide picture: its left half red, its right half blue. */
function twoColours(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400">
    <rect width="400" height="400" fill="#d00"/><rect x="400" width="400" height="400" fill="#00d"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

test("one edits one's profile: name, bio, links and a picture cropped to a square, with the keyboard", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "remodel", {
    displayName: "Old Name",
    bio: "old bio",
    links: [{ title: "Old", url: "https://old.example/" }],
  });
  await signInThroughPage(page, server.current.url, "remodel");
  await page.goto(`${server.current.url}/@remodel`);
  const open = page.getByRole("button", { name: "Edit profile" });
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Edit profile" });
  await expect(dialog).toBeVisible();

  await dialog.getByLabel("Name").fill("Ré Model");
  await dialog.getByLabel("Bio").fill("New bio, <b>not bold</b>");
  await dialog.getByRole("button", { name: "Add a link" }).click();
  await dialog.getByLabel("Link 2: title").fill("Blog");
  // A new link's title takes the focus; its address is checked once its field is left.
  await expect(dialog.getByLabel("Link 2: title")).toBeFocused();
  await dialog.getByLabel("Link 2: address").fill("javascript:alert(1)");
  const linkProblem = dialog.locator("#profile-links-problem");
  await expect(linkProblem).toHaveText("");
  await page.keyboard.press("Tab");
  await expect(linkProblem).toHaveText("Link 2 is not a web address (https://…).");
  await expect(dialog.getByLabel("Link 2: address")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("Link 2: address").fill("https://blog.example/me");
  await expect(linkProblem).toHaveText("");
  // Five links at most, as at sign-up; a removed link hands the focus on.
  for (let i = 0; i < 3; i++) await dialog.getByRole("button", { name: "Add a link" }).click();
  await expect(dialog.getByRole("button", { name: "Add a link" })).toHaveCount(0);
  await expect(dialog.getByLabel("Link 5: title")).toBeFocused();
  for (let n = 5; n > 2; n--) await dialog.getByRole("button", { name: `Remove link ${n}` }).click();
  await expect(dialog.getByLabel("Link 2: title")).toBeFocused();

  // The picture: the frame shows its middle square; the keyboard moves the picture right, to its
  // left (red) edge.
  await dialog.locator("#profile-picture").setInputFiles({
    name: "wide.png",
    mimeType: "image/png",
    buffer: await twoColours(),
  });
  const frame = dialog.getByRole("group", { name: /The picture as it will show/ });
  await expect(frame).toBeVisible();
  await frame.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowRight");
  await dialog.getByLabel("Zoom").fill("2");
  await dialog.getByRole("button", { name: "Save" }).focus();
  await page.keyboard.press("Enter");
  // The picture's upload is read and re-encoded by the server first: seconds on a busy machine
  // (CI once took more than 5).
  await expect(dialog).toHaveCount(0, { timeout: 20_000 });
  await expect(open).toBeFocused();

  // The profile shows it at once, as text; the server has it.
  await expect(page.getByRole("heading", { name: "Ré Model" })).toBeVisible();
  await expect(page.getByText("New bio, <b>not bold</b>")).toBeVisible();
  await expect(page.getByRole("link", { name: "Blog" })).toHaveAttribute("href", "https://blog.example/me");
  const account = await accountOnServer(page, "remodel");
  expect(account).toMatchObject({
    displayName: "Ré Model",
    bio: "New bio, <b>not bold</b>",
    links: [
      { title: "Old", url: "https://old.example/" },
      { title: "Blog", url: "https://blog.example/me" },
    ],
  });
  // A square of the picture's left (red) part, at avatar size.
  const avatar = Buffer.from(await (await page.request.get(account.avatarUrl!)).body());
  const { width, height } = await sharp(avatar).metadata();
  expect([width, height]).toEqual([480, 480]);
  // All of it red: without the moves, the zoomed square would be half blue.
  const [red, , blue] = (await sharp(avatar).stats()).channels;
  expect(red!.mean).toBeGreaterThan(180);
  expect(blue!.mean).toBeLessThan(30);

  // Removing the picture leaves the letter.
  await open.click();
  await dialog.getByRole("button", { name: "Remove the picture" }).click();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await accountOnServer(page, "remodel")).avatarUrl).toBeNull();
});

test("a profile that cannot be saved says why in the dialog and keeps what was typed", async ({
  page,
  context,
  request,
}) => {
  await signUpByApi(request, server.current.url, "unsaved");
  await signInThroughPage(page, server.current.url, "unsaved");
  await page.goto(`${server.current.url}/@unsaved`);
  await page.getByRole("button", { name: "Edit profile" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit profile" });
  await dialog.getByLabel("Name").fill("Kept Name");
  await context.setOffline(true);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: "Not saved" })).toContainText(
    "Not saved: You are offline",
  );
  await expect(dialog.getByLabel("Name")).toHaveValue("Kept Name");
  await context.setOffline(false);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Kept Name" })).toBeVisible();
});

test("an account with more than five links from before keeps them when the rest of the profile changes", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "manylinks");
  // Seven links, as sign-up allowed before five was the bound: the server's answers are given
  // them, the profile's and sync's alike (whichever reaches the device last).
  const links = Array.from({ length: 7 }, (_, i) => ({
    title: `L${i + 1}`,
    url: `https://l${i + 1}.example/`,
  }));
  await page.route(`${server.current.url}/api/accounts/manylinks`, async (route) => {
    const answer = await route.fetch();
    const body = (await answer.json()) as { account: Account };
    await route.fulfill({ response: answer, json: { ...body, account: { ...body.account, links } } });
  });
  await page.route(`${server.current.url}/api/sync`, async (route) => {
    const answer = await route.fetch();
    const body = (await answer.json()) as { changes: { kind: string; account?: Account }[] };
    for (const change of body.changes)
      if (change.account?.handle === "manylinks") change.account.links = links;
    await route.fulfill({ response: answer, json: body });
  });
  await signInThroughPage(page, server.current.url, "manylinks");
  await page.goto(`${server.current.url}/@manylinks`);
  await expect(page.getByRole("link", { name: "L7" })).toBeVisible();
  const sent: unknown[] = [];
  await page.route("**/api/me", async (route) => {
    sent.push(route.request().postDataJSON());
    await route.continue();
  });
  await page.getByRole("button", { name: "Edit profile" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit profile" });
  await expect(dialog.getByLabel("Link 7: address")).toHaveValue("https://l7.example/");
  await expect(dialog.getByRole("button", { name: "Add a link" })).toHaveCount(0);
  // Changing the list asks for five at most; leaving it as it was saves the rest without it.
  await dialog.getByRole("button", { name: "Remove link 7" }).click();
  await expect(dialog.locator("#profile-links-problem")).toContainText("at most 5");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Edit profile" }).click();
  await dialog.getByLabel("Name").fill("Many Links");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toHaveCount(0);
  expect(sent).toEqual([{ displayName: "Many Links", bio: "" }]);
});
