import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

test("French is picked from the browser and can be switched in settings", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(server.current.url);
  await expect(page.getByRole("heading", { name: "Bienvenue sur P92" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("link", { name: "Réglages" })).toBeVisible();
  await page.getByRole("link", { name: "Réglages" }).click();
  await page.getByRole("combobox", { name: "Langue" }).selectOption("en");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await page.goto(server.current.url);
  await expect(page.getByRole("heading", { name: "Welcome to P92" })).toBeVisible();
  await context.close();
});

test("at 320 px nothing overflows sideways, on the home page and the feed", async ({ browser, request }) => {
  await signUpByApi(request, server.current.url, "narrow");
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.goto(server.current.url);
  await expect(page.getByRole("heading", { name: "Welcome to P92" })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await signInThroughPage(page, server.current.url, "narrow");
  await page.getByLabel("What's new?").fill("https://example.com/" + "a-very-long-path-".repeat(10));
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByRole("article")).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await context.close();
});

test("signing out keeps nothing signed in; deleting local data empties the device", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "leaver");
  await signInThroughPage(page, server.current.url, "leaver");
  await page.getByLabel("What's new?").fill("Avant de partir");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await page.evaluate(async () =>
    (await caches.open("p92-media")).put("/api/media/seen.png", new Response("x")),
  );
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText("Signed in as @leaver")).toBeVisible();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByText("Not signed in.")).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete all local data" }).click();
  await expect(page.getByText("Everything on this device was deleted.")).toBeVisible();
  const posts = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open("p92");
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("posts")) return resolve(0);
          const count = db.transaction("posts").objectStore("posts").count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(posts).toBe(0);
  // The pictures the service worker kept went too.
  expect(await page.evaluate(() => caches.has("p92-media"))).toBe(false);
  await page.goto(server.current.url);
  await expect(page.getByRole("heading", { name: "Welcome to P92" })).toBeVisible();
});

test("a session the server revoked is said plainly, and the queued post stays", async ({ page, request }) => {
  await signUpByApi(request, server.current.url, "revoked");
  await signInThroughPage(page, server.current.url, "revoked");
  const token = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open("p92");
        open.onsuccess = () => {
          const get = open.result.transaction("settings").objectStore("settings").get("site.session");
          get.onsuccess = () => resolve((get.result as { value: { token: string } }).value.token);
        };
      }),
  );
  const response = await request.post(`${server.current.url}/api/auth/sign-out`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(204);
  await page.getByLabel("What's new?").fill("Écrit après la révocation");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("no longer accepts this device's session");
  await expect(page.getByRole("article").filter({ hasText: "Écrit après la révocation" })).toBeVisible();
});

test("in Settings a person changes their password and signs out everywhere", async ({ page, request }) => {
  const otherDevice = await signUpByApi(request, server.current.url, "careful");
  const me = (token: string) =>
    request.get(`${server.current.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  await signInThroughPage(page, server.current.url, "careful");
  await page.getByRole("link", { name: "Settings" }).click();

  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel(/^New password/).fill("a brand new password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toHaveText("The current password is not right.");
  await page.getByLabel("Current password").fill("correct horse battery");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
  // The other device was signed out; this one stays signed in.
  expect((await me(otherDevice)).status()).toBe(401);
  await expect(page.getByText("Signed in as @careful")).toBeVisible();

  const thisDevice = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("p92");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    return new Promise<string>((resolve) => {
      const get = db.transaction("settings").objectStore("settings").get("site.session");
      get.onsuccess = () => resolve((get.result as { value: { token: string } }).value.token);
    });
  });
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page.getByText("Not signed in.")).toBeVisible();
  expect((await me(thisDevice)).status()).toBe(401);
});
