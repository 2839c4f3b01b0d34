import type { Page } from "@playwright/test";
import { SELF_HANDLE } from "../../fake-instagram/server.ts";
import { serveSharedModules } from "./shared-modules.ts";
import { expect, test } from "./support.ts";

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

/** Posts one bridge request the way the site does and collects every answer for `waitMs`. */
function ask(page: Page, type: string, waitMs: number) {
  return page.evaluate(
    async ({ type, waitMs }) => {
      const answers: Record<string, unknown>[] = [];
      window.addEventListener("message", (event) => {
        const data = event.data as Record<string, unknown>;
        if (event.source === window && data?.ns === "p92-bridge" && data.to === "page") {
          const { avatar, ...rest } = data;
          answers.push(
            avatar instanceof Blob ? { ...rest, avatarType: avatar.type, avatarSize: avatar.size } : rest,
          );
        }
      });
      window.postMessage(
        { ns: "p92-bridge", v: 1, to: "extension", type, requestId: "r-1" },
        location.origin,
      );
      await new Promise((r) => setTimeout(r, waitMs));
      return answers.filter((a) => a.type !== "progress");
    },
    { type, waitMs },
  );
}

test("the P92 site completes the handshake and receives the imported profile and lists", async ({
  context,
  popup,
  instagram: _,
}) => {
  await popup.getByRole("button", { name: "Import from Instagram" }).click();
  await popup.getByRole("status").filter({ hasText: "Imported your profile" }).waitFor({ timeout: 45_000 });

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

test("the site can start the import and follow its progress", async ({ context, instagram: _ }) => {
  const site = await context.newPage();
  await openSitePage(site, ALLOWED);
  const progress = await site.evaluate(async () => {
    const seen: { status: string; followers: { fetched: number } }[] = [];
    const done = new Promise<void>((resolve) => {
      window.addEventListener("message", (event) => {
        const data = event.data as {
          ns?: string;
          to?: string;
          type?: string;
          progress?: (typeof seen)[number];
        };
        if (
          event.source !== window ||
          data?.ns !== "p92-bridge" ||
          data.type !== "progress" ||
          !data.progress
        )
          return;
        seen.push(data.progress);
        if (data.progress.status === "done") resolve();
      });
    });
    window.postMessage(
      { ns: "p92-bridge", v: 1, to: "extension", type: "start-import", requestId: "s-1" },
      location.origin,
    );
    await done;
    return seen;
  });
  expect(progress.some((p) => p.status === "running" && p.followers.fetched > 0)).toBe(true);
  expect(progress.at(-1)).toMatchObject({ status: "done", followers: { fetched: 1234 } });
});

test("the site's bridge client receives the data and stores it in the site's own IndexedDB", async ({
  context,
  popup,
  instagram: _,
}) => {
  await popup.getByRole("button", { name: "Import from Instagram" }).click();
  await popup.getByRole("status").filter({ hasText: "Imported your profile" }).waitFor({ timeout: 45_000 });

  const site = await context.newPage();
  await serveSharedModules(site, ALLOWED);
  await site.goto(`${ALLOWED}/onboarding`);
  const stored = await site.evaluate(async () => {
    const load = (url: string) => import(url);
    const { createBridgeClient } = (await load(
      "/shared/bridge.ts",
    )) as typeof import("../../../shared/bridge.ts");
    const { P92Database } = (await load(
      "/shared/db/schema.ts",
    )) as typeof import("../../../shared/db/schema.ts");
    const ops = (await load("/shared/db/imported.ts")) as typeof import("../../../shared/db/imported.ts");
    const client = createBridgeClient(window);
    const hello = await client.hello();
    const data = await client.getImported();
    const db = new P92Database("p92");
    for (const list of ["following", "followers"] as const) {
      const run = await ops.beginFollowRun(db, list);
      for (const chunk of data.follows.filter((f) => f.list === list)) {
        await ops.storeFollowPage(db, { list, runId: run.runId, rows: chunk.rows, nextCursor: null });
      }
      await ops.finishFollowRun(db, list, run.runId);
    }
    await ops.storeImportedProfile(db, data.profile!, data.avatar);
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
      "/shared/bridge.ts",
    )) as typeof import("../../../shared/bridge.ts");
    return createBridgeClient(window)
      .hello()
      .then(
        () => null,
        (e: { code: string }) => e.code,
      );
  });
  expect(error).toBe("no-extension");
});
