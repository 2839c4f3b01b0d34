import fs from "node:fs";
import path from "node:path";
import { writeServiceWorker } from "../../../site/build/service-worker.ts";
import { SERVER_ENTRY, startServer, tempDir, type RunningServer } from "../support/server.ts";
import { expect, test } from "../support/fixtures.ts";
import { waitForWorker } from "./support.ts";

// A site of its own, so a new build can be deployed under the open page: the built client
// copied, the built server linked (its imports resolve from where it really is).
let server: RunningServer;
let outDir: string;
test.beforeAll(async () => {
  outDir = tempDir("deploy");
  const built = path.dirname(path.dirname(SERVER_ENTRY));
  fs.cpSync(path.join(built, "client"), path.join(outDir, "client"), { recursive: true });
  fs.symlinkSync(path.join(built, "server"), path.join(outDir, "server"));
  server = await startServer({ env: { P92_OUT_DIR: outDir } });
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

/** Deploys a new build: a changed home page, and its worker written again as `astro build` does. */
async function deployNewBuild(): Promise<string> {
  const home = path.join(outDir, "client/index.html");
  const html = fs.readFileSync(home, "utf8");
  fs.writeFileSync(home, html.replace(/(<main[^>]*>)/, '$1<p id="build-mark">Second build</p>'));
  return (await writeServiceWorker(path.join(outDir, "client"))).version;
}

test("a build deployed while the page is open is offered, and after Reload the page runs only the new one", async ({
  page,
}) => {
  await page.goto(server.url);
  await waitForWorker(page);
  const banner = page.getByRole("status").filter({ hasText: "A new version of P92 is ready" });
  await expect(banner).toBeHidden();

  const version = await deployNewBuild();
  // What the page does when it is shown again (and every hour): ask for a new build.
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect(banner).toBeVisible({ timeout: 15_000 });
  // Until then the page and the files it loads stay those of its own build.
  await page.reload();
  await expect(page.locator("#build-mark")).toHaveCount(0);
  await expect(banner).toBeVisible();

  await banner.getByRole("button", { name: "Reload" }).click();
  await expect(page.locator("#build-mark")).toHaveText("Second build");
  await expect(banner).toBeHidden();
  const shells = await page.evaluate(async () =>
    (await caches.keys()).filter((k) => k.startsWith("p92-shell-")),
  );
  // The new build's files, and the one before for a tab still running it; nothing older.
  expect(shells).toContain(`p92-shell-${version}`);
  expect(shells.length).toBeLessThanOrEqual(2);
  const active = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      waiting: registration?.waiting !== null,
      controlled: navigator.serviceWorker.controller !== null,
    };
  });
  expect(active).toEqual({ waiting: false, controlled: true });
});
