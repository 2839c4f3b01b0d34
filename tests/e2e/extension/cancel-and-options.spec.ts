import {
  expect,
  expectImportDone,
  importAgainToTheEnd,
  instagramPages,
  readExtensionDb,
  startFromPopup,
  test,
} from "./support.ts";

test("Cancel stops the import and keeps its rows; closing the popup does not; a new import resumes", async ({
  context,
  extensionId,
  popup,
  serviceWorker,
  instagram,
}) => {
  instagram.listDelayMs = 200;
  await startFromPopup(popup);
  const lists = popup.getByRole("list", { name: "Import progress" });
  await expect(lists).toContainText(/Following 321 of 321/, { timeout: 30_000 });

  // The popup closes (as it does when the person clicks elsewhere); the import goes on.
  await popup.close();
  await expect
    .poll(async () => (await readExtensionDb(serviceWorker)).followers.length, { timeout: 30_000 })
    .toBeGreaterThan(200);
  const reopened = await context.newPage();
  await reopened.goto(`chrome-extension://${extensionId}/popup.html`);
  await reopened.getByRole("button", { name: "Cancel" }).click();
  await expect(reopened.getByRole("status")).toHaveText(
    "Import cancelled; what was imported is kept. Import again to continue.",
  );
  await expect(reopened.getByRole("button", { name: "Import from Instagram" })).toBeEnabled();
  await expect.poll(() => instagramPages(context).length).toBe(0);
  const kept = (await readExtensionDb(serviceWorker)).followers.length;
  expect(kept).toBeGreaterThan(200);
  expect(kept).toBeLessThan(1234);

  await importAgainToTheEnd(reopened, serviceWorker, instagram);
  // The following list finished before Cancel and was not read again.
  expect(instagram.log.filter((r) => r.path.includes("/following/"))).toHaveLength(2);
});

test("the options page lists the built-in site, says what is stored and deletes the imported data", async ({
  context,
  extensionId,
  popup,
  serviceWorker,
  instagram: _,
}) => {
  await startFromPopup(popup);
  await expectImportDone(popup);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole("list").first()).toContainText("http://localhost:4321 (built in)");
  await expect(
    options.getByText("Stored now: @ada.lovelace_92, 321 following, 1,234 followers."),
  ).toBeVisible();

  await options.getByLabel("Add a site").fill("http://p92.example");
  await options.getByRole("button", { name: "Add" }).click();
  await expect(options.getByRole("status").first()).toHaveText(
    "Use https:// (plain http:// only works for localhost).",
  );

  options.once("dialog", (dialog) => void dialog.accept());
  await options.getByRole("button", { name: "Delete imported data" }).click();
  await expect(options.getByText("Imported data deleted.")).toBeVisible();
  await expect(options.getByText("Nothing imported yet.")).toBeVisible();
  const stored = await readExtensionDb(serviceWorker);
  expect([stored.following.length, stored.followers.length, stored.importState.length]).toEqual([0, 0, 0]);
  expect(stored.profile.handle).toBeUndefined();
});
