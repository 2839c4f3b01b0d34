import { answerImportPrompt, answerPrompt, storedProgress } from "../extension/support.ts";
import { waitForWorker } from "../app/support.ts";
import { builtSiteOrigin, expect, test, useServer } from "../support/fixtures.ts";

const siteOrigin = builtSiteOrigin();
const server = useServer({ port: Number(new URL(siteOrigin).port || 80) });

test("with the extension and nothing imported, the page offers one Import button that reports back", async ({
  context,
  serviceWorker,
}) => {
  const page = await context.newPage();
  await page.goto(server.current.url);
  const button = page.getByRole("button", { name: "Import from Instagram" });
  await expect(button).toBeVisible();
  await expect(page.getByRole("heading", { name: "Install the P92 extension" })).toHaveCount(0);

  // The first time, the extension asks the person in its own window, which names this site; the
  // page says so. Cancel there starts nothing, and the page says that too.
  const opened = context.waitForEvent("page");
  await button.click();
  const prompt = await opened;
  await expect(prompt.getByText(siteOrigin, { exact: true })).toBeVisible();
  await expect(
    page.getByText(
      "Confirm in the P92 window that opened: the extension asks whether this site may start the import.",
    ),
  ).toBeVisible();
  await answerPrompt(prompt, "Cancel");
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "The import was not started: it was cancelled in the P92 window." }),
  ).toBeVisible();
  await expect(page.getByText(/Confirm in the P92 window/)).toHaveCount(0);
  await expect(page.locator(".import-progress")).toHaveCount(0);
  expect(await storedProgress(serviceWorker)).toBeNull();

  // Allowed, it starts. No Instagram here: the extension's live progress or its reason for
  // stopping shows on the page.
  await answerImportPrompt(context, () => button.click(), "Allow and import");
  await expect(page.getByText(/was cancelled in the P92 window/)).toHaveCount(0);
  await expect(page.locator(".import-progress, [role=alert]").first()).toBeVisible({ timeout: 15_000 });
});

test("what the extension imported becomes the profile preview, then the account", async ({
  context,
  serviceWorker,
}) => {
  const page = await context.newPage();
  await page.goto(server.current.url);
  // As in the installed app: the page runs under the site's service worker, the bridge all the same.
  await waitForWorker(page);
  await page.reload();
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
