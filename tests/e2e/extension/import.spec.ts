import { SELF_HANDLE, fixtureLists } from "../../fake-instagram/server.ts";
import {
  expect,
  expectImportDone,
  importAgainToTheEnd,
  instagramPages,
  readExtensionDb,
  startFromPopup,
  test,
} from "./support.ts";

const handlesOf = (rows: Record<string, unknown>[]) => rows.map((r) => r.handle as string).sort();

test("the popup imports the profile, 321 following and 1,234 followers, waiting out a 429", async ({
  context,
  popup,
  serviceWorker,
  instagram,
}) => {
  instagram.rateLimitOnce.add("followers:3");
  await startFromPopup(popup);
  await expect(popup.getByRole("status")).toContainText(
    /Instagram asked us to slow down; resuming at \d{1,2}:\d{2}/,
    {
      timeout: 30_000,
    },
  );
  await expectImportDone(popup);
  await expect(popup.getByRole("status")).toHaveText(
    "Imported your profile, 321 following and 1,234 followers.",
  );
  await expect(popup.getByRole("list", { name: "Import progress" })).toContainText(
    "Followers 1,234 of 1,234",
  );

  const stored = await readExtensionDb(serviceWorker);
  expect(stored.profile).toMatchObject({
    key: "self",
    instagramId: "4815162342",
    handle: SELF_HANDLE,
    fullName: "Ada Lovelace 🧮",
    bio: "Poetical science ✨🧵 — notes on engines, looms & numbers 🔢",
    bioLinks: [
      { title: "Notes", url: "https://example.org/notes" },
      { title: "Engine", url: "https://engine.example/analytical" },
    ],
    isVerified: true,
    isPrivate: false,
    followerCount: 1234,
    followingCount: 321,
    avatarType: "image/jpeg",
  });
  expect(stored.profile.avatarSize).toBeGreaterThan(0);
  const fixture = fixtureLists();
  expect(handlesOf(stored.following)).toEqual(fixture.following.map((u) => u.username.toLowerCase()).sort());
  expect(handlesOf(stored.followers)).toEqual(fixture.followers.map((u) => u.username.toLowerCase()).sort());
  const mallory = stored.followers.find((r) => r.handle === "markup.mallory");
  expect(mallory?.fullName).toBe(`<img src=x onerror="document.title='pwned'"><b>Mallory</b>`);
  expect(stored.followers.find((r) => r.handle === "grace.hopper")).toMatchObject({ isVerified: true });

  // Seven pages of followers (plus the one answered 429), two of following, all with the app's headers.
  const api = instagram.log.filter((r) => r.path.startsWith("/api/"));
  expect(api.filter((r) => r.path.includes("/followers/"))).toHaveLength(8);
  expect(api.filter((r) => r.path.includes("/following/"))).toHaveLength(2);
  expect(api.every((r) => r.appId === "936619743392459")).toBe(true);
  // The tab the extension opened for the import is closed again.
  await expect.poll(() => instagramPages(context).length).toBe(0);
});

test("closing the Instagram tab mid-import, then importing again, continues from the saved cursor", async ({
  context,
  popup,
  serviceWorker,
  instagram,
}) => {
  instagram.listDelayMs = 250;
  const tab = await context.newPage();
  await tab.goto("https://www.instagram.com/");
  await startFromPopup(popup);
  await expect(popup.getByRole("list", { name: "Import progress" })).toContainText(
    /Followers [4-9]\d\d of 1,234/,
    {
      timeout: 30_000,
    },
  );
  await tab.close();
  await expect(popup.getByRole("status")).toHaveText(
    "The Instagram tab was closed. Import again to continue where it stopped.",
  );
  const before = (await readExtensionDb(serviceWorker)).followers.length;
  expect(before).toBeGreaterThanOrEqual(400);
  expect(before).toBeLessThan(1234);

  await importAgainToTheEnd(popup, serviceWorker, instagram);
  // Resumed, not restarted: each list's first page was read once.
  const firstPages = instagram.log.filter((r) =>
    /\/(followers|following)\/\?count=200(&search_surface|$)/.test(r.path),
  );
  expect(firstPages).toHaveLength(2);
});

test("signed out: the popup says to sign in and keeps what was imported", async ({
  context,
  popup,
  serviceWorker,
  instagram: _,
}) => {
  await startFromPopup(popup);
  await expectImportDone(popup);
  await context.clearCookies({ domain: ".instagram.com" });
  await startFromPopup(popup);
  await expect(popup.getByRole("status")).toHaveText(
    "You are not signed in to Instagram. Sign in on instagram.com in this browser, then start the import again; what was imported is kept.",
    { timeout: 20_000 },
  );
  const stored = await readExtensionDb(serviceWorker);
  expect(stored.profile.handle).toBe(SELF_HANDLE);
  expect(stored.followers).toHaveLength(1234);
  expect(stored.following).toHaveLength(321);
});

test("checkpoint: the popup says to confirm it's you on Instagram", async ({ popup, instagram }) => {
  instagram.checkpoint = true;
  await startFromPopup(popup);
  await expect(popup.getByRole("status")).toHaveText(
    "Instagram wants you to confirm it's you. Open instagram.com, complete the check, then start the import again; what was imported is kept.",
    { timeout: 20_000 },
  );
  await expect(popup.getByRole("button", { name: "Import from Instagram" })).toBeEnabled();
});

test("re-importing after one unfollow and two new followers updates the lists without duplicates", async ({
  popup,
  serviceWorker,
  instagram,
}) => {
  await startFromPopup(popup);
  await expectImportDone(popup);
  const [unfollowed] = instagram.following.splice(17, 1);
  const fresh = ["new.friend_1", "New.Friend_2"].map((username, i) => ({
    ...instagram.followers[5]!,
    pk: 7_000_000 + i,
    pk_id: String(7_000_000 + i),
    id: String(7_000_000 + i),
    username,
    full_name: `New friend ${i + 1}`,
  }));
  instagram.followers.splice(600, 0, ...fresh);

  await startFromPopup(popup);
  await expect(popup.getByRole("status")).toHaveText(
    "Imported your profile, 320 following and 1,236 followers.",
    {
      timeout: 45_000,
    },
  );
  const stored = await readExtensionDb(serviceWorker);
  expect(stored.following).toHaveLength(320);
  expect(stored.followers).toHaveLength(1236);
  expect(stored.following.some((r) => r.handle === unfollowed!.username)).toBe(false);
  expect(handlesOf(stored.followers)).toEqual(expect.arrayContaining(["new.friend_1", "new.friend_2"]));
  expect(new Set(handlesOf(stored.followers)).size).toBe(1236);
});
