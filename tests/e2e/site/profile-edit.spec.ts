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
  await dialog.getByLabel("Link 2: address").fill("javascript:alert(1)");
  await expect(dialog.getByRole("alert")).toHaveText("Link 2 is not a web address (https://…).");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeDisabled();
  await dialog.getByLabel("Link 2: address").fill("https://blog.example/me");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeEnabled();
  // Five links at most, as at sign-up.
  for (let i = 0; i < 3; i++) await dialog.getByRole("button", { name: "Add a link" }).click();
  await expect(dialog.getByRole("button", { name: "Add a link" })).toBeDisabled();
  for (let n = 5; n > 2; n--) await dialog.getByRole("button", { name: `Remove link ${n}` }).click();

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
  await expect(dialog).toHaveCount(0);
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
  const { dominant } = await sharp(avatar).stats();
  expect(dominant.r).toBeGreaterThan(150);
  expect(dominant.b).toBeLessThan(100);

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
  await expect(dialog.getByRole("alert")).toContainText("Not saved: You are offline");
  await expect(dialog.getByLabel("Name")).toHaveValue("Kept Name");
  await context.setOffline(false);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Kept Name" })).toBeVisible();
});
