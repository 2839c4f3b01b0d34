import type { ChromeGlobal } from "./extension/support.ts";
import { expect, test, useServer } from "./support/fixtures.ts";

const server = useServer();

test("the server answers /api/health with its version and database status", async ({ request }) => {
  const response = await request.get(`${server.current.url}/api/health`);
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    status: "ok",
    version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    database: { status: "ok", schemaVersion: expect.any(Number) },
    federation: { queued: expect.any(Number), droppedDeliveries: 0 },
  });
});

test("the built site's home page renders", async ({ page }) => {
  await page.goto(server.current.url);
  await expect(page).toHaveTitle(/P92/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("the built extension loads and its service worker starts", async ({
  serviceWorker,
  extensionId,
  context,
}) => {
  expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  const manifest = await serviceWorker.evaluate(async () => (await fetch("/manifest.json")).json());
  // The name is a message from _locales, so browsers show it in the reader's language.
  expect(manifest).toMatchObject({ name: "__MSG_extName__", manifest_version: 3 });
  const name = await serviceWorker.evaluate(() =>
    (globalThis as unknown as ChromeGlobal).chrome.i18n.getMessage("extName"),
  );
  expect(name).toBe("P92");
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole("heading", { name: "P92" })).toBeVisible();
});

test("pages come with a Content-Security-Policy header that forbids framing, nosniff and a referrer policy", async ({
  request,
}) => {
  const response = await request.get(server.current.url);
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/(^|; )default-src 'self'(;|$)/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self'( 'sha256-[^']+')+/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The meta tag stays for static hosts that send no headers.
  expect(await response.text()).toContain('http-equiv="content-security-policy"');
});
