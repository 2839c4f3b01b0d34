import fs from "node:fs";
import path from "node:path";
import { EXTENSION_DIR, expect, test, useServer } from "../support/fixtures.ts";

// The bridge content script runs only on the site origin the extension was built for, so the
// server listens on that origin's port (P92_SITE_URL at extension build time).
function builtSiteOrigin(): string {
  const file = path.join(EXTENSION_DIR, "manifest.json");
  // Without a built extension the fixture itself fails with instructions; any port does here.
  if (!fs.existsSync(file)) return "http://localhost:4321";
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
    content_scripts: { matches: string[]; js: string[] }[];
  };
  const bridge = manifest.content_scripts.find((c) => c.js.some((f) => f.includes("bridge")));
  return new URL((bridge?.matches[0] ?? "http://localhost:4321/*").replace("/*", "/")).origin;
}
const siteOrigin = builtSiteOrigin();
const server = useServer({ port: Number(new URL(siteOrigin).port || 80) });

test("with the extension and nothing imported, the page offers one Import button that reports back", async ({
  context,
}) => {
  const page = await context.newPage();
  await page.goto(server.current.url);
  const button = page.getByRole("button", { name: "Import from Instagram" });
  await expect(button).toBeVisible();
  await expect(page.getByRole("heading", { name: "Install the P92 extension" })).toHaveCount(0);
  await button.click();
  // No Instagram here: the extension's live progress or its reason for stopping shows on the page.
  await expect(page.locator(".import-progress, [role=alert]").first()).toBeVisible({ timeout: 15_000 });
});

test("what the extension imported becomes the profile preview, then the account", async ({
  context,
  serviceWorker,
}) => {
  const page = await context.newPage();
  await page.goto(server.current.url);
  await expect(page.getByRole("button", { name: "Import from Instagram" })).toBeVisible();
  // The page asked the extension for its data, so the extension's database exists: put an
  // import's result in it, as the extension's importer would have.
  await expect
    .poll(() =>
      serviceWorker.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === "p92")),
    )
    .toBe(true);
  await serviceWorker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("p92");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const now = new Date().toISOString();
    const tx = db.transaction(["profile", "follows"], "readwrite");
    tx.objectStore("profile").put({
      key: "self",
      instagramId: "123",
      handle: "Lea.Dupont",
      fullName: "Léa Dupont ✨",
      bio: "<b>Photographe</b> à Lyon",
      bioLinks: [{ title: "Portfolio", url: "https://lea.example/" }],
      avatarUrl: null,
      avatar: null,
      isVerified: true,
      isPrivate: false,
      followerCount: 1200,
      followingCount: 3,
      importedAt: now,
    });
    for (const handle of ["ana", "bruno", "zoe.k"])
      tx.objectStore("follows").put({
        list: "following",
        handle,
        instagramId: null,
        fullName: "",
        avatarUrl: null,
        isVerified: false,
        importedAt: now,
        runId: "seed",
      });
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await page.reload();
  const preview = page.getByRole("region", { name: "Your profile, as imported" });
  await expect(preview).toContainText("Léa Dupont ✨");
  await expect(preview).toContainText("@Lea.Dupont");
  await expect(preview.getByRole("img", { name: "Verified" })).toBeVisible();
  await expect(preview.locator(".bio")).toHaveText("<b>Photographe</b> à Lyon");
  await expect(preview.getByRole("link", { name: "Portfolio" })).toHaveAttribute(
    "href",
    "https://lea.example/",
  );
  await expect(preview).toContainText("3 following");

  await expect(page.getByLabel("Handle")).toHaveValue("lea.dupont");
  await page.getByLabel(/^Password/).fill("correct horse battery");
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByLabel("What's new?")).toBeVisible();
  const account = await (await page.request.get(`${server.current.url}/api/accounts/lea.dupont`)).json();
  expect(account.account).toMatchObject({
    displayName: "Léa Dupont ✨",
    instagram: { handle: "Lea.Dupont" },
  });
});
