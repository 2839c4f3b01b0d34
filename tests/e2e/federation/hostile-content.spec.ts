import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { startRemoteServer, type RemoteServer } from "../../fake-fediverse/remote-server.ts";
import { signInThroughPage } from "../site/support.ts";
import { followAccepted } from "./support.ts";
import { Api, RELAXED_LIMITS } from "../server/client.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../support/tls.ts";

// What another server sends is shown by the built site in Chromium as inert text: whatever its
// HTML holds, no script runs, no element of its making appears, no link leads anywhere but http(s).
test.use({ ignoreHTTPSErrors: true });

let server: RunningServer;
let remote: RemoteServer;
const certificates = makeTestCertificates();

test.beforeAll(async () => {
  trustInThisProcess(certificates);
  server = await startServer({ env: { ...RELAXED_LIMITS, ...certificates.serverEnv } });
  remote = await startRemoteServer(["mallory"], undefined, { tls: certificates });
});
test.afterAll(async () => {
  await server?.stop();
  await remote?.close();
  fs.rmSync(certificates.dir, { recursive: true, force: true });
});

const HOSTILE = [
  "<p>Hello <script>window.pwned = 'script'</script>",
  `<img src="x" onerror="window.pwned = 'img'"> `,
  `<a href="javascript:window.pwned='link'">click me</a> `,
  `<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data link</a> `,
  `<b onmouseover="window.pwned='hover'">bold</b> `,
  `<iframe src="https://evil.example/"></iframe>`,
  `<a href="https://safe.example/page">https://safe.example/page</a></p>`,
  "<p>&lt;img src=x onerror=alert(1)&gt; as written</p>",
].join("");

test("a followed account's HTML full of script, handlers and odd links shows as inert text in the feed", async ({
  page,
  request,
}) => {
  const api = new Api(request, server.url);
  const reader = await api.signUp("reader");
  await followAccepted(api, reader, remote, "mallory");

  const mallory = remote.actorUri("mallory");
  const note = {
    id: `${mallory}/statuses/1`,
    type: "Note",
    attributedTo: mallory,
    to: "https://www.w3.org/ns/activitystreams#Public",
    cc: `${mallory}/followers`,
    published: new Date().toISOString(),
    url: `${remote.origin}/@mallory/1`,
    content: HOSTILE,
    attachment: [
      {
        type: "Document",
        mediaType: "image/png",
        url: "javascript:window.pwned='attachment'",
        name: "<img src=x onerror=alert(1)>",
      },
    ],
  };
  const create = {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${mallory}/statuses/1/activity`,
    type: "Create",
    actor: mallory,
    to: note.to,
    object: note,
  };
  expect((await fetch(await remote.signed(`${server.url}/api/inbox`, create))).status).toBe(202);

  // Stored (the queue ran) before the reader opens the site, whose next sync would be 30 s later.
  const timeline = async () =>
    (await (await request.get(`${server.url}/api/timeline/following`, { headers: reader.auth })).json())
      .posts;
  await expect.poll(async () => (await timeline()).length, { timeout: 15_000 }).toBe(1);

  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("dialog", (dialog) => {
    pageErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await signInThroughPage(page, server.url, "reader");
  const post = page.getByRole("article").filter({ hasText: "Hello" });
  await expect(post).toBeVisible({ timeout: 20_000 });
  await expect(post.locator(".post-text")).toContainText("click me data link bold safe.example/page");
  await expect(post.locator(".post-text")).toContainText("<img src=x onerror=alert(1)> as written");

  // Nothing of the sender's markup became an element: its only link is the safe one.
  const text = post.locator(".post-text");
  await expect(text.locator("script, img, iframe, b, [onerror], [onmouseover]")).toHaveCount(0);
  expect(await text.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
    "https://safe.example/page",
  ]);
  await expect(post.locator('[href^="javascript:"], [href^="data:"], [src^="javascript:"]')).toHaveCount(0);
  await post.getByText("click me").click();
  await post.getByText("bold").hover();
  expect(await page.evaluate(() => (window as { pwned?: string }).pwned)).toBeUndefined();
  expect(pageErrors).toEqual([]);
});
