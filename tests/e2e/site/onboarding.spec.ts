import { expect, test, useServer } from "../support/fixtures.ts";
import { waitForWorker } from "../app/support.ts";
import { BRIDGE_NAMESPACE, BRIDGE_PROTOCOL_VERSION } from "../../../shared/bridge.ts";
import { instagramExportZip, watchCsp } from "./support.ts";

const server = useServer();

test.describe("without the extension", () => {
  test("the home page offers the extension and the export import, with no CSP violation", async ({
    page,
  }) => {
    const violations = await watchCsp(page);
    await page.goto(server.current.url);
    await expect(page.getByRole("heading", { name: "Install the P92 extension" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Import your Instagram data export" })).toBeVisible();
    await expect(page.getByRole("main")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    for (const path of ["/settings/", "/profile/?handle=nobody", "/@nobody", "/post/?id=x"]) {
      await page.goto(server.current.url + path);
      await expect(page.locator("main")).not.toContainText("Loading…");
    }
    expect(violations).toEqual([]);
  });

  test("an export ZIP with mis-encoded accents and emoji becomes the profile, then the account", async ({
    page,
  }) => {
    await page.goto(server.current.url);
    // As in the installed app: the page runs under the site's service worker.
    await waitForWorker(page);
    await page.reload();
    const zip = instagramExportZip({ handle: "Chloe.M", name: "Chloé Martin 🌻", bio: "Café à Montréal ☕" });
    let sentBeforeAccount = 0;
    page.on("request", (r) => {
      if (r.url().includes("/api/") && !r.url().includes("/api/auth/")) sentBeforeAccount++;
    });
    await page.getByLabel("Choose the ZIP or JSON files").setInputFiles({
      name: "instagram-chloe.zip",
      mimeType: "application/zip",
      buffer: zip,
    });
    const preview = page.getByRole("region", { name: "Your profile, as imported" });
    await expect(preview).toContainText("Chloé Martin 🌻");
    await expect(preview).toContainText("@Chloe.M");
    await expect(preview).toContainText("Café à Montréal ☕");
    await expect(preview).toContainText("2 followers");
    await expect(preview).toContainText("1 following");
    expect(sentBeforeAccount).toBe(0);

    await expect(page.getByLabel("Handle")).toHaveValue("chloe.m");
    await expect(page.getByLabel("Server")).toHaveValue(server.current.url);
    await page.getByLabel(/^Password/).fill("correct horse battery");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page.getByLabel("What's new?")).toBeVisible();

    const me = await (await page.request.get(`${server.current.url}/api/accounts/chloe.m`)).json();
    expect(me.account).toMatchObject({ displayName: "Chloé Martin 🌻", bio: "Café à Montréal ☕" });
  });

  test("the install steps show before the extension's wait is over, and a late answer turns them into the import", async ({
    page,
  }) => {
    // Stands in for an extension whose bridge answers only after the page gave up waiting for it
    // (e.g. its background was asleep): it answers the page's hello as soon as the install steps
    // are on screen, within the bridge's own timeout.
    await page.addInitScript(
      ({ ns, version }) => {
        let hello: string | null = null;
        const answer = () => {
          if (!hello || !document.getElementById("install-title")) return;
          const body = { ns, v: version, to: "page", type: "hello", requestId: hello };
          hello = null;
          window.postMessage(
            { ...body, extensionVersion: "0.0.0", protocolVersion: version },
            location.origin,
          );
        };
        window.addEventListener("message", (event) => {
          const data = event.data as { ns?: string; to?: string; type?: string; requestId?: string };
          if (data?.ns === ns && data.to === "extension" && data.type === "hello")
            hello = data.requestId ?? null;
          answer();
        });
        new MutationObserver(answer).observe(document, { childList: true, subtree: true });
      },
      { ns: BRIDGE_NAMESPACE, version: BRIDGE_PROTOCOL_VERSION },
    );
    await page.goto(server.current.url);
    await expect(page.getByRole("button", { name: "Import from Instagram" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Install the P92 extension" })).toHaveCount(0);
  });
});
