import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import { expect, readExtensionDb, test } from "./support.ts";

test("the Import to P92 button shows on the own profile only, follows SPA navigation and imports", async ({
  context,
  serviceWorker,
  instagram: _,
}) => {
  const page = await context.newPage();
  await page.goto(`https://www.instagram.com/${SELF_HANDLE}/`);
  const button = page.getByRole("button", { name: "Import to P92" });
  await expect(button).toBeVisible();
  // The button lives in a shadow root, so Instagram's styles and scripts cannot reach into it.
  expect(await page.locator("p92-import-button").evaluate((host) => host.shadowRoot !== null)).toBe(true);

  // Instagram navigates without loading a page: the button leaves on someone else's profile...
  await page.evaluate(() => history.pushState({}, "", "/grace.hopper/"));
  await expect(button).toHaveCount(0);
  // ...and comes back on the own one.
  await page.evaluate((handle) => history.pushState({}, "", `/${handle}/`), SELF_HANDLE);
  await expect(button).toBeVisible();

  await button.click();
  await expect(page.getByRole("status")).toContainText(
    "Imported your profile, 321 following and 1,234 followers.",
    {
      timeout: 45_000,
    },
  );
  const stored = await readExtensionDb(serviceWorker);
  expect(stored.followers).toHaveLength(1234);
  // The import ran in this tab, which the person opened: it stays open.
  expect(page.isClosed()).toBe(false);
});

test("someone else's profile, loaded directly, has no Import to P92 button", async ({
  context,
  instagram: _,
}) => {
  const page = await context.newPage();
  await page.goto("https://www.instagram.com/grace.hopper/");
  await expect(page.getByRole("heading", { name: "grace.hopper" })).toBeVisible();
  // Give the content script time to look up the signed-in handle and decide.
  await page.waitForTimeout(1500);
  await expect(page.getByRole("button", { name: "Import to P92" })).toHaveCount(0);
});
