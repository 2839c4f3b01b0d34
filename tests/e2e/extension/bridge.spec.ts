import type { Page } from "@playwright/test";
import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import { bridgeAnswers } from "../support/extension-state.ts";
import { serveSharedModules } from "./shared-modules.ts";
import {
  answerImportPrompt,
  expect,
  expectImportDone,
  instagramPages,
  startFromPopup,
  storedProgress,
  test,
} from "./support.ts";

const ALLOWED = "http://localhost:4321";
const OTHER = "http://localhost:4322";

/** A bare page on `origin`, served by the test: the bridge is all that matters here. */
async function openSitePage(page: Page, origin: string): Promise<void> {
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head><title>P92 onboarding</title></head><body><h1>Onboarding</h1></body></html>`,
    }),
  );
  await page.goto(`${origin}/onboarding`);
}

/** What a page on this origin gets from the extension for one request (see bridgeAnswers). */
const ask = (page: Page, type: string, waitMs: number) => page.evaluate(bridgeAnswers, { type, waitMs });

test("the P92 site completes the handshake and receives the imported profile and lists", async ({
  context,
  popup,
  instagram: _,
}) => {
  await startFromPopup(popup);
  await expectImportDone(popup);

  const site = await context.newPage();
  await openSitePage(site, ALLOWED);
  expect(await ask(site, "hello", 800)).toEqual([
    {
      ns: "p92-bridge",
      v: 1,
      to: "page",
      type: "hello",
      requestId: "r-1",
      extensionVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      protocolVersion: 1,
    },
  ]);

  const answers = await ask(site, "get-imported", 3000);
  const profile = answers.find((a) => a.type === "imported-profile");
  expect(profile).toMatchObject({
    profile: { handle: SELF_HANDLE, fullName: "Ada Lovelace 🧮", isVerified: true },
    avatarType: "image/jpeg",
  });
  expect(profile?.avatarSize).toBeGreaterThan(0);
  const rows = answers.filter((a) => a.type === "imported-follows").flatMap((a) => a.rows as unknown[]);
  expect(rows).toHaveLength(321 + 1234);
  expect(answers.at(-1)).toMatchObject({ type: "imported-end", counts: { following: 321, followers: 1234 } });
  // Nothing about the Instagram session crosses the bridge.
  expect(JSON.stringify(answers)).not.toMatch(/csrftoken|sessionid|ds_user_id|fakecsrftoken/);
});

test("a page on another origin gets no answer at all", async ({ context, instagram: _ }) => {
  const other = await context.newPage();
  await openSitePage(other, OTHER);
  expect(await ask(other, "hello", 1500)).toEqual([]);
  expect(await ask(other, "get-imported", 1000)).toEqual([]);
});

/**
 * Posts a bridge request from the page; its answers (progress aside) collect in the page, and
 * `answersTo` reads them. Progress statuses collect too, for `progressSeen`.
 */
async function post(page: Page, type: string, requestId: string): Promise<void> {
  await page.evaluate(
    ({ type, requestId }) => {
      const w = window as unknown as { answers?: unknown[]; progress?: unknown[] };
      if (!w.answers) {
        w.answers = [];
        w.progress = [];
        window.addEventListener("message", (event) => {
          const data = event.data as Record<string, unknown>;
          if (event.source !== window || data?.ns !== "p92-bridge" || data.to !== "page") return;
          if (data.type === "progress") w.progress!.push(data.progress);
          else w.answers!.push(data);
        });
      }
      window.postMessage({ ns: "p92-bridge", v: 1, to: "extension", type, requestId }, location.origin);
    },
    { type, requestId },
  );
}
const answersTo = (page: Page, requestId: string) =>
  page.evaluate(
    (id) =>
      (
        (window as unknown as { answers?: { requestId?: string; type: string; code?: string }[] }).answers ??
        []
      )
        .filter((a) => a.requestId === id)
        .map(({ type, code }) => (code ? { type, code } : { type })),
    requestId,
  );
const progressSeen = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { progress?: { status: string; followers: { fetched: number } }[] }).progress ??
      [],
  );

test("a page's start-import opens the extension's window; Cancel or closing it starts nothing", async ({
  context,
  serviceWorker,
  instagram,
}) => {
  const site = await context.newPage();
  await openSitePage(site, ALLOWED);
  const prompt = await answerImportPrompt(context, () => post(site, "start-import", "s-1"), "Cancel");
  await expect.poll(() => prompt.isClosed()).toBe(true);
  await expect
    .poll(() => answersTo(site, "s-1"))
    .toEqual([{ type: "consent-asked" }, { type: "error", code: "declined" }]);

  const opened = context.waitForEvent("page");
  await post(site, "start-import", "s-2");
  const again = await opened;
  await expect(again.getByRole("heading", { name: "Allow this site to start an import?" })).toBeVisible();
  await expect(again.locator("#site")).toHaveText(ALLOWED);
  // Closing the window without answering is a no as well.
  await again.close();
  await expect
    .poll(() => answersTo(site, "s-2"))
    .toEqual([{ type: "consent-asked" }, { type: "error", code: "declined" }]);

  expect(await storedProgress(serviceWorker)).toBeNull();
  expect(instagramPages(context)).toHaveLength(0);
  expect(instagram.log).toEqual([]);
});

test("Allow starts the import the site follows; that origin's next start-import needs no window until revoked", async ({
  context,
  extensionId,
  instagram: _,
}) => {
  const site = await context.newPage();
  await openSitePage(site, ALLOWED);
  await answerImportPrompt(context, () => post(site, "start-import", "s-1"), "Allow and import");
  await expect
    .poll(() => answersTo(site, "s-1"))
    .toEqual([{ type: "consent-asked" }, { type: "import-started" }]);
  await expect
    .poll(async () => (await progressSeen(site)).at(-1), { timeout: 45_000 })
    .toMatchObject({ status: "done", followers: { fetched: 1234 } });
  expect((await progressSeen(site)).some((p) => p.status === "running" && p.followers.fetched > 0)).toBe(
    true,
  );

  // Allowed once: the same origin starts again without asking.
  await post(site, "start-import", "s-2");
  await expect.poll(() => answersTo(site, "s-2")).toEqual([{ type: "import-started" }]);
  expect(context.pages().filter((p) => p.url().includes("/consent.html"))).toHaveLength(0);

  // The options page lists the site, and revoking makes it ask again.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const allowed = options.getByRole("list", { name: "Sites that may start an import" });
  await expect(allowed).toContainText(ALLOWED);
  await options.getByRole("button", { name: `Revoke ${ALLOWED}` }).click();
  await expect(allowed).toHaveText("None yet.");
  const prompt = await answerImportPrompt(context, () => post(site, "start-import", "s-3"), "Cancel");
  expect(prompt.url()).toContain("/consent.html");
  await expect
    .poll(() => answersTo(site, "s-3"))
    .toEqual([{ type: "consent-asked" }, { type: "error", code: "declined" }]);
});

test("the site's bridge client receives the data and stores it in the site's own IndexedDB", async ({
  context,
  popup,
  instagram: _,
}) => {
  await startFromPopup(popup);
  await expectImportDone(popup);

  const site = await context.newPage();
  await serveSharedModules(site, ALLOWED);
  await site.goto(`${ALLOWED}/onboarding`);
  const stored = await site.evaluate(async () => {
    const load = (url: string) => import(url);
    const { createBridgeClient } = (await load(
      "/site/lib/bridge-client.ts",
    )) as typeof import("../../../site/lib/bridge-client.ts");
    const { createImportReceiver } = (await load(
      "/site/lib/import-store.ts",
    )) as typeof import("../../../site/lib/import-store.ts");
    const { P92Database } = (await load(
      "/shared/db/schema.ts",
    )) as typeof import("../../../shared/db/schema.ts");
    const ops = (await load("/shared/db/imported.ts")) as typeof import("../../../shared/db/imported.ts");
    const client = createBridgeClient(window);
    const hello = await client.hello();
    const db = new P92Database("p92");
    // Each chunk is stored as it arrives, with the site's own receiver.
    await client.receiveImported(createImportReceiver(db));
    const profile = await db.profile.get("self");
    return {
      hello,
      handle: profile?.handle,
      avatar: profile?.avatar instanceof Blob ? profile.avatar.type : null,
      following: await ops.countFollows(db, "following"),
      followers: await ops.countFollows(db, "followers"),
    };
  });
  expect(stored).toEqual({
    hello: { extensionVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), protocolVersion: 1 },
    handle: SELF_HANDLE,
    avatar: "image/jpeg",
    following: 321,
    followers: 1234,
  });
});

test("on another origin the site's bridge client reports that no extension answered", async ({ context }) => {
  const site = await context.newPage();
  await serveSharedModules(site, OTHER);
  await site.goto(`${OTHER}/onboarding`);
  const error = await site.evaluate(async () => {
    const load = (url: string) => import(url);
    const { createBridgeClient } = (await load(
      "/site/lib/bridge-client.ts",
    )) as typeof import("../../../site/lib/bridge-client.ts");
    return createBridgeClient(window)
      .hello()
      .then(
        () => null,
        (e: { code: string }) => e.code,
      );
  });
  expect(error).toBe("no-extension");
});
