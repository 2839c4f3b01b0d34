import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import { startRemoteServer, type RemoteServer } from "../../fake-fediverse/remote-server.ts";
import { signInThroughPage, signUpByApi } from "../site/support.ts";
import { Api, RELAXED_LIMITS, type Person } from "../server/client.ts";
import { freePort, startServer, type RunningServer } from "../support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../support/tls.ts";
import { followAccepted, settled } from "./support.ts";

// The site's side of federation, in Chromium on two P92 servers over HTTPS: finding people and
// posts (here and elsewhere) from the search box, a profile elsewhere with its follow request,
// and posts from elsewhere with their warnings, sensitive media and links to the original.
test.use({ ignoreHTTPSErrors: true });
test.describe.configure({ mode: "serial" });

const certificates = makeTestCertificates();
let a: RunningServer;
let b: RunningServer;
/** Another server's account (a fake one) whose posts carry a warning and a sensitive photo. */
let remote: RemoteServer;
const WAIT = { timeout: 20_000 };

test.beforeAll(async () => {
  trustInThisProcess(certificates);
  const env = { ...RELAXED_LIMITS, ...certificates.serverEnv };
  [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  remote = await startRemoteServer(["cara"], undefined, { tls: certificates });
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), remote?.close()]);
  fs.rmSync(certificates.dir, { recursive: true, force: true });
});

const ben = () => `ben@localhost:${b.port}`;

/** Opens Search from the app's navigation and types into its box, whose suggestions follow. */
async function searchFromNav(page: Page, text: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
  const box = page.getByRole("combobox", { name: "Search" });
  await expect(box).toBeFocused();
  await box.fill(text);
  return box;
}

test("someone on A finds Ben on B by @user@host, follows him from his profile and reads his posts", async ({
  page,
  request,
}) => {
  const anaToken = await signUpByApi(request, a.url, "ana");
  await signUpByApi(request, a.url, "lmartin", { displayName: "Léa Martin", bio: "", links: [] });
  const bApi = new Api(request, b.url);
  const benHere = await bApi.signUp("ben");
  await bApi.createPost(benHere, "Before anyone followed");
  const cleo = await bApi.signUp("cleo");
  expect((await bApi.follow(cleo, `ana@localhost:${a.port}`)).status()).toBe(200);

  await signInThroughPage(page, a.url, "ana");
  // People here, whatever the accents: "lea" finds Léa.
  let box = await searchFromNav(page, "lea");
  await expect(page.getByRole("option", { name: /Léa Martin/ })).toBeVisible();
  await box.press("Escape");
  await expect(page.getByRole("listbox")).toBeHidden();

  // Someone elsewhere, looked up on their server; arrow down and Enter open the profile.
  box = await searchFromNav(page, `@${ben()}`);
  await expect(page.getByRole("option", { name: new RegExp(`@${ben()}`) })).toBeVisible(WAIT);
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/@ben(%40|@)localhost(%3A|:)${b.port}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ben");
  await expect(page.locator(".profile-header .server-label")).toHaveText(`localhost:${b.port}`);
  await expect(page.getByRole("link", { name: "View on their server" })).toHaveAttribute(
    "href",
    `${b.url}/@ben`,
  );
  // His recent posts, read through A from his outbox on B, and the counts B reports.
  await expect(page.getByRole("article").filter({ hasText: "Before anyone followed" })).toBeVisible(WAIT);
  await expect(page.locator(".profile-header")).toContainText("1 post");

  // A request until B accepts it (P92 accepts at once): the button says so, then a reload shows
  // the follow as B's server answered it.
  await page.getByRole("button", { name: /^Follow/ }).click();
  await expect(page.getByRole("button", { name: /^Requested/ })).toBeVisible();
  await settled(request, a);
  await settled(request, b);
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByRole("button", { name: /^Unfollow/ }).isVisible();
    }, WAIT)
    .toBe(true);

  // What Ben posts from now on reaches Ana's Following feed.
  const bonjour = await bApi.createPost(benHere, "Bonjour de B #fediverse");
  // Stored on A before the page opens (its next sync would be 30 s later).
  const anaTimeline = async () =>
    (
      await (
        await request.get(`${a.url}/api/timeline/following`, {
          headers: { authorization: `Bearer ${anaToken}` },
        })
      ).json()
    ).posts as { text: string }[];
  await expect
    .poll(async () => (await anaTimeline()).map((p) => p.text), WAIT)
    .toContain("Bonjour de B #fediverse");
  await page.goto(a.url);
  await page.getByRole("button", { name: "Following", exact: true }).click();
  const post = page.getByRole("article").filter({ hasText: "Bonjour de B" });
  await expect(post).toBeVisible(WAIT);
  await expect(post.locator(".server-label")).toHaveText(`localhost:${b.port}`);
  await expect(post.getByRole("link", { name: "Original" })).toHaveAttribute("href", /^https:\/\/localhost/);

  // Ana answers him, naming Cleo (on B, who follows Ana, so A knows her) through the composer's
  // suggestions: @user@host is inserted. B threads the reply under Ben's post, tells Ben of the
  // reply and Cleo of the mention, both naming Ana with her server.
  await post.getByRole("button", { name: /^Reply/ }).click();
  const field = page.getByLabel("What's new?");
  await field.pressSequentially("Merci, voir @cl");
  await expect(page.getByRole("option", { name: new RegExp(`@cleo@localhost:${b.port}`) })).toBeVisible(WAIT);
  await field.press("ArrowDown");
  await field.press("Enter");
  await expect(field).toHaveValue(`Merci, voir @cleo@localhost:${b.port} `);
  await expect(page.getByRole("listbox", { name: "People to mention" })).toBeHidden();
  await field.pressSequentially("!");
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  const onB = async (person: Person, path: string) =>
    (await (await request.get(`${b.url}${path}`, { headers: person.auth })).json()) as {
      notifications?: { kind: string; actor: string }[];
      replies?: { text: string }[];
    };
  const anaThere = `ana@localhost:${a.port}`;
  await expect
    .poll(
      async () => (await onB(cleo, "/api/notifications")).notifications?.map((n) => `${n.kind} ${n.actor}`),
      WAIT,
    )
    .toEqual([`mention ${anaThere}`]);
  await expect
    .poll(
      async () =>
        (await onB(benHere, "/api/notifications")).notifications?.map((n) => `${n.kind} ${n.actor}`),
      WAIT,
    )
    .toContain(`reply ${anaThere}`);
  expect((await onB(benHere, `/api/posts/${bonjour.id}`)).replies?.map((r) => r.text)).toEqual([
    "Merci, voir @cleo !",
  ]);

  // Words find the post received from B; its hashtag opens the tag's posts.
  box = await searchFromNav(page, "bonjour");
  await expect(page.getByRole("option", { name: "Search posts for “bonjour”" })).toBeVisible();
  await page.getByRole("option", { name: "Search posts for “bonjour”" }).click();
  await expect(page).toHaveURL(/\/search\/\?q=bonjour$/);
  await expect(page.getByRole("article").filter({ hasText: "Bonjour de B" })).toBeVisible(WAIT);
  await page.getByRole("article").getByRole("link", { name: "#fediverse" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("#fediverse");
  await expect(page.getByRole("article").filter({ hasText: "Bonjour de B" })).toBeVisible(WAIT);
});

test("a post from elsewhere keeps its warning and its sensitive photo hidden until asked", async ({
  page,
  request,
}) => {
  const api = new Api(request, a.url);
  const reader = await api.signUp("reader");
  await followAccepted(api, reader, remote, "cara");
  const cara = remote.actorUri("cara");
  const note = {
    id: `${cara}/statuses/7`,
    type: "Note",
    attributedTo: cara,
    to: "https://www.w3.org/ns/activitystreams#Public",
    cc: `${cara}/followers`,
    published: new Date(Date.now() - 60_000).toISOString(),
    updated: new Date().toISOString(),
    url: `${remote.origin}/@cara/7`,
    summary: "Film spoilers",
    sensitive: true,
    content: "<p>The butler did it.</p>",
    attachment: [
      {
        type: "Document",
        mediaType: "image/png",
        url: `${remote.origin}/media/still.png`,
        name: "A still of the butler",
      },
    ],
  };
  // A 1×1 PNG.
  const still = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  remote.serveFile("/media/still.png", still, "image/png");
  // `sensitive` is Mastodon's term: its documents define it in their context.
  const create = {
    "@context": ["https://www.w3.org/ns/activitystreams", { sensitive: "as:sensitive" }],
    id: `${note.id}/activity`,
    type: "Create",
    actor: cara,
    to: note.to,
    object: note,
  };
  await expect
    .poll(async () => (await fetch(await remote.signed(`${a.url}/api/inbox`, create))).status, WAIT)
    .toBe(202);
  await expect
    .poll(
      async () =>
        (await (await request.get(`${a.url}/api/timeline/following`, { headers: reader.auth })).json()).posts
          .length,
      WAIT,
    )
    .toBe(1);

  await signInThroughPage(page, a.url, "reader");
  const post = page.getByRole("article").filter({ hasText: "Film spoilers" });
  await expect(post).toBeVisible(WAIT);
  await expect(post).toContainText(`@cara@${new URL(remote.origin).host}`);
  await expect(post).toContainText("edited");
  await expect(post).not.toContainText("The butler did it.");
  await post.getByRole("button", { name: "Show" }).click();
  await expect(post).toContainText("The butler did it.");
  // Blurred and out of reach (inert) until asked for.
  await expect(post.locator(".media-sensitive")).toHaveCount(1);
  await expect(post.locator(".media li[inert]")).toHaveCount(1);
  await post.getByRole("button", { name: "Sensitive media: show" }).click();
  await expect(post.locator(".media-sensitive, .media li[inert]")).toHaveCount(0);
  // The photo comes from A's copy: the reader's browser never asks Cara's server.
  const photo = post.getByRole("img", { name: "A still of the butler" });
  await expect(photo).toBeVisible();
  await expect(photo).toHaveAttribute("src", new RegExp(`^${a.url}/api/remote-media/posts/`));
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth), WAIT).toBe(1);
  expect(remote.fetched.filter((p) => p === "/media/still.png")).toHaveLength(1);
  await expect(post.locator(".alt-badge")).toHaveAttribute("title", "A still of the butler");
  await expect(post.getByRole("link", { name: "Original" })).toHaveAttribute("href", note.url);
  await post.getByRole("button", { name: "Hide" }).click();
  await expect(post).not.toContainText("The butler did it.");
});

test("a profile that does not exist says so, and a server that does not answer offers to try again", async ({
  page,
  request,
}) => {
  await signUpByApi(request, a.url, "dora");
  await signInThroughPage(page, a.url, "dora");
  await page.goto(`${a.url}/@nobody@localhost:${b.port}`);
  await expect(page.getByRole("alert")).toContainText(`@nobody@localhost:${b.port} was not found`, WAIT);
  const closed = await freePort();
  await page.goto(`${a.url}/@someone@localhost:${closed}`);
  await expect(page.getByRole("alert")).toContainText("was not found", WAIT);
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  await page.goto(`${a.url}/@nobody`);
  await expect(page.getByRole("alert")).toContainText("No account @nobody");
});
