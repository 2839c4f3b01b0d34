import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "../site/support.ts";
import { imageLoaded, postPhotoByApi, serverPostTexts, waitForWorker } from "./support.ts";

const server = useServer();

test("after one visit the site opens offline: feed with its pictures, profile, thread; a post written offline is sent once", async ({
  page,
  context,
  request,
}) => {
  const url = server.current.url;
  const token = await signUpByApi(request, url, "lumiere");
  const postId = await postPhotoByApi(request, url, token, "Photo du jour");
  await signUpByApi(request, url, "nomade");
  await signInThroughPage(page, url, "nomade");
  const article = page.getByRole("article").filter({ hasText: "Photo du jour" });
  await expect(article.getByRole("img", { name: "A red square" })).toBeVisible();
  await waitForWorker(page);
  // Opened before the worker ran: its picture is kept all the same (the page tells the worker).
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("p92-media")).keys()).length))
    .toBeGreaterThan(0);

  await context.setOffline(true);
  await page.reload();
  await expect(article).toBeVisible();
  // The build's scripts came through the static route Chromium applies without running the worker.
  const scriptSources = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry) => new URL(entry.name).pathname.startsWith("/_astro/"))
      .map(
        (entry) =>
          (entry as PerformanceResourceTiming & { workerMatchedSourceType?: string }).workerMatchedSourceType,
      ),
  );
  expect(scriptSources.length).toBeGreaterThan(0);
  expect(new Set(scriptSources)).toEqual(new Set(["cache"]));
  await expect.poll(() => imageLoaded(page, "article img[alt='A red square']")).toBe(true);

  await page.goto(`${url}/@lumiere`);
  await expect(page.getByRole("article").filter({ hasText: "Photo du jour" })).toBeVisible();
  await page.goto(`${url}/post/?id=${postId}`);
  await expect(page.getByRole("article").filter({ hasText: "Photo du jour" })).toBeVisible();

  await page.goto(url);
  await page.getByLabel("What's new?").fill("Écrit dans le train");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const mine = page.getByRole("article").filter({ hasText: "Écrit dans le train" });
  await expect(mine.getByText("Will send when you are back online")).toBeVisible();

  await context.setOffline(false);
  await expect(mine.getByText(/Will send|Sending…/)).toHaveCount(0, { timeout: 15_000 });
  expect(await serverPostTexts(request, url, "nomade")).toEqual(["Écrit dans le train"]);
});

test("a post left pending in a closed tab is sent by Background Sync, once", async ({
  page,
  context,
  request,
}) => {
  const url = server.current.url;
  await signUpByApi(request, url, "pressee");
  await signInThroughPage(page, url, "pressee");
  await waitForWorker(page);
  await context.setOffline(true);
  await page.getByLabel("What's new?").fill("Parti avant le réseau");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  await expect(page.getByText("Will send when you are back online")).toBeVisible();

  // The tab is closed; a blank page of another origin keeps the browser and its DevTools.
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  const registration = new Promise<string>((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${url}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  const registrationId = await registration;
  await page.close();
  await context.setOffline(false);
  // What the browser does when the network comes back: the outbox's sync event.
  await cdp.send("ServiceWorker.dispatchSyncEvent", {
    origin: url,
    registrationId,
    tag: "p92-outbox",
    lastChance: false,
  });
  await expect
    .poll(() => serverPostTexts(request, url, "pressee"), { timeout: 15_000 })
    .toEqual(["Parti avant le réseau"]);

  // The next visit finds nothing left to send, and sends nothing twice.
  const fresh = await context.newPage();
  await fresh.goto(url);
  const post = fresh.getByRole("article").filter({ hasText: "Parti avant le réseau" });
  await expect(post).toBeVisible();
  await expect(post.getByText(/Will send|Sending…/)).toHaveCount(0);
  await fresh.waitForTimeout(500);
  expect(await serverPostTexts(request, url, "pressee")).toEqual(["Parti avant le réseau"]);
});
