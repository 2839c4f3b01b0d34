import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import {
  clickButton,
  expect,
  expectImportDone,
  instagramPages,
  readExtensionDb,
  test,
  waitForText,
} from "./support.ts";

test("in Firefox the popup imports the profile and both lists, waiting out a 429", async ({
  firefox,
  popup,
  instagram,
}) => {
  instagram.rateLimitOnce.add("followers:3");
  await clickButton(popup, "Import from Instagram");
  await waitForText(popup, "[role=status]", /Instagram asked us to slow down; resuming at \d{1,2}:\d{2}/);
  await expectImportDone(popup);
  expect(await waitForText(popup, "[role=status]", /Imported/)).toBe(
    "Imported your profile, 321 following and 1,234 followers.",
  );

  const stored = await readExtensionDb(popup);
  expect(stored.profile).toMatchObject({
    handle: SELF_HANDLE,
    fullName: "Ada Lovelace 🧮",
    isVerified: true,
    followerCount: 1234,
    followingCount: 321,
    // Downloaded by the background page from Instagram's image host, kept as a Blob.
    avatarType: "image/jpeg",
  });
  expect(stored.profile.avatarSize).toBeGreaterThan(0);
  expect(stored.following).toHaveLength(321);
  expect(stored.followers).toHaveLength(1234);
  expect(stored.followers.find((r) => r.handle === "markup.mallory")?.fullName).toBe(
    `<img src=x onerror="document.title='pwned'"><b>Mallory</b>`,
  );

  // Read as Instagram's own web app reads: with its headers, and same-origin (`content.fetch`,
  // not the content script's own fetch, which Firefox runs as the extension).
  const api = instagram.log.filter((r) => r.path.startsWith("/api/"));
  expect(api.filter((r) => r.path.includes("/followers/"))).toHaveLength(8);
  expect(api.every((r) => r.appId === "936619743392459" && r.fetchSite === "same-origin")).toBe(true);
  // The tab the extension opened for the import is closed again.
  await expect.poll(async () => (await instagramPages(firefox.browser)).length).toBe(0);
});

test("in Firefox, closing the Instagram tab mid-import, then importing again, resumes from the cursor", async ({
  firefox,
  popup,
  instagram,
}) => {
  instagram.listDelayMs = 250;
  const tab = await firefox.browser.newPage();
  await tab.goto("https://www.instagram.com/");
  await clickButton(popup, "Import from Instagram");
  await waitForText(popup, "[aria-label='Import progress']", /Followers [4-9]\d\d of 1,234/);
  await tab.close();
  await waitForText(
    popup,
    "[role=status]",
    /^The Instagram tab was closed\. Import again to continue where it stopped\.$/,
  );
  const before = (await readExtensionDb(popup)).followers.length;
  expect(before).toBeGreaterThanOrEqual(400);
  expect(before).toBeLessThan(1234);

  instagram.listDelayMs = 0;
  await clickButton(popup, "Import from Instagram");
  await expectImportDone(popup);
  const stored = await readExtensionDb(popup);
  expect(stored.followers).toHaveLength(1234);
  expect(stored.following).toHaveLength(321);
  // Resumed, not restarted: each list's first page was read once.
  const firstPages = instagram.log.filter((r) =>
    /\/(followers|following)\/\?count=200(&search_surface|$)/.test(r.path),
  );
  expect(firstPages).toHaveLength(2);
});
