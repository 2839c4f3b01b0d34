import { expect, test } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ArchivedPost } from "../../../shared/archive.ts";
import type { Account, Post } from "../../../shared/schema/social.ts";
import { Api, handles, RELAXED_LIMITS, type Person } from "../server/client.ts";
import { png } from "../server/media-fixtures.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../support/tls.ts";
import { settled } from "./support.ts";
import { strFromU8, unzipSync } from "fflate";

// Moving between two P92 servers over HTTPS (issue 18): Ana downloads her archive on A, then signs
// up on B with it in Chromium; her profile, posts (text, dates, photos byte for byte, her thread)
// and follows come over, and importing the archive again from Settings copies nothing twice.
test.use({ ignoreHTTPSErrors: true });

const certificates = makeTestCertificates();
let a: RunningServer;
let b: RunningServer;
let dir: string;
const WAIT = { timeout: 20_000 };

test.beforeAll(async () => {
  trustInThisProcess(certificates);
  const env = { ...RELAXED_LIMITS, ...certificates.serverEnv };
  [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-move-"));
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  fs.rmSync(certificates.dir, { recursive: true, force: true });
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const json = async <T>(api: Api, person: Person | null, route: string) => {
  const answer = await api.call("GET", person, route);
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()) as T;
};

test("an archive downloaded on A brings Ana's profile, posts and follows to B at sign-up, once", async ({
  page,
  request,
}) => {
  const aApi = new Api(request, a.url);
  const bApi = new Api(request, b.url);
  const ana = await aApi.signUp("ana");
  await aApi.signUp("ben");
  await bApi.signUp("cleo");
  const avatar = await png(64, 64);
  expect(
    (
      await aApi.call("PATCH", ana, "/api/me", {
        displayName: "Ana Lima",
        bio: "From A, <b>not bold</b>",
        avatarMediaId: (await aApi.upload(ana, avatar)).id,
      })
    ).status(),
  ).toBe(200);
  const photo = await png(40, 30);
  const first = await aApi.createPost(ana, "My first post on A");
  await aApi.createPost(ana, "A photo from A", {
    media: [{ id: (await aApi.upload(ana, photo)).id, alt: "A grey rectangle" }],
  });
  await aApi.createPost(ana, "Answering myself", { replyTo: first.id });
  expect((await aApi.follow(ana, "ben")).status()).toBe(200);
  expect((await aApi.follow(ana, encodeURIComponent(`cleo@localhost:${b.port}`))).status()).toBe(200);
  await settled(request, a);
  await settled(request, b);

  // The archive, as "Download my data" gives it.
  const asked = await aApi.call("POST", ana, "/api/me/archive", { language: "en", timeZone: "UTC" });
  const { path: download } = (await asked.json()) as { path: string };
  const zip = Buffer.from(await (await request.get(`${a.url}${download}`)).body());
  const archived = JSON.parse(strFromU8(unzipSync(zip)["posts.json"]!)) as ArchivedPost[];
  expect(archived).toHaveLength(3);
  const file = path.join(dir, "p92-archive.zip");
  fs.writeFileSync(file, zip);

  // On B: the way in offers the archive; its profile is shown, as text.
  await page.goto(b.url);
  // A file that is no archive is said so, and another can be picked.
  await page.getByLabel("Choose your P92 archive (ZIP)").setInputFiles({
    name: "notes.zip",
    mimeType: "application/zip",
    buffer: Buffer.from("not a zip at all"),
  });
  await expect(page.getByRole("alert")).toHaveText(/^This archive could not be read: this is not a ZIP file/);
  await page.getByLabel("Choose your P92 archive (ZIP)").setInputFiles(file);
  const summary = page.getByRole("region", { name: "What your archive brings" });
  await expect(summary).toContainText("Ana Lima");
  await expect(summary).toContainText(`@ana on localhost:${a.port}`);
  await expect(summary).toContainText("From A, <b>not bold</b>");
  await expect(summary).toContainText("3 posts · 2 accounts followed");
  await expect(page.getByLabel("Handle")).toHaveValue("ana");
  await page.getByLabel(/^Password/).fill("correct horse battery");
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("heading", { name: "Your archive is imported" })).toBeVisible(WAIT);
  await expect(page.getByRole("heading", { name: "Your archive is imported" })).toBeFocused();
  await expect(page.getByText("3 posts are in your account. 2 accounts followed again.")).toBeVisible();
  await page.getByRole("button", { name: "Go to my feed" }).click();
  await expect(page.getByLabel("What's new?")).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: "A photo from A" })).toBeVisible(WAIT);

  // B has them as A had them: texts, dates, the thread, the photo's and the avatar's bytes.
  const signIn = await request.post(`${b.url}/api/auth/sign-in`, {
    data: { handle: "ana", password: "correct horse battery" },
  });
  const { token } = (await signIn.json()) as { token: string };
  const anaB: Person = { handle: "ana", token, auth: { authorization: `Bearer ${token}` } };
  const { posts } = await json<{ posts: Post[] }>(bApi, anaB, "/api/accounts/ana/posts");
  expect(posts.map((p) => [p.text, p.createdAt])).toEqual(archived.map((p) => [p.text, p.createdAt]));
  const byText = new Map(posts.map((p) => [p.text, p]));
  expect(byText.get("Answering myself")!.replyTo).toBe(byText.get("My first post on A")!.id);
  const media = byText.get("A photo from A")!.media[0]!;
  expect(media.alt).toBe("A grey rectangle");
  expect(Buffer.from(await (await request.get(media.url)).body()).equals(Buffer.from(photo))).toBe(true);
  const { account } = await json<{ account: Account }>(bApi, anaB, "/api/accounts/ana");
  expect(account).toMatchObject({ displayName: "Ana Lima", bio: "From A, <b>not bold</b>", postCount: 3 });
  // The avatar is served as its preview: B's is the same as A's.
  const avatarOnA = (await json<{ account: Account }>(aApi, ana, "/api/accounts/ana")).account.avatarUrl!;
  const bytes = async (url: string) => Buffer.from(await (await request.get(url)).body());
  expect((await bytes(account.avatarUrl!)).equals(await bytes(avatarOnA))).toBe(true);

  // Her follows: Cleo here at once, Ben on A once A accepts.
  const following = async () => (await handles(bApi, anaB, "/api/accounts/ana/following")).sort();
  await expect.poll(following, WAIT).toEqual([`ben@localhost:${a.port}`, "cleo"]);

  // The same archive again, from Settings: nothing is copied twice.
  await page.goto(`${b.url}/settings/`);
  const section = page.getByRole("region", { name: "Import a P92 archive" });
  await section.getByLabel("Choose your P92 archive (ZIP)").setInputFiles(file);
  // Following again is theirs to choose (they may have unfollowed someone since).
  await section.getByRole("checkbox", { name: /^Follow again the accounts it follows/ }).uncheck();
  await section.getByRole("button", { name: "Import into @ana" }).click();
  await expect(section.getByRole("heading", { name: "Your archive is imported" })).toBeVisible(WAIT);
  await expect(section.getByText("3 posts are in your account. 0 accounts followed again.")).toBeVisible();
  expect((await json<{ account: Account }>(bApi, anaB, "/api/accounts/ana")).account.postCount).toBe(3);
});
