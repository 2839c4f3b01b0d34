import fs from "node:fs";
import { SELF_HANDLE, routeInstagram, signIn } from "../../fake-instagram/server.ts";
import { TEST_PACING, answerImportPrompt, type ChromeGlobal } from "../extension/support.ts";
import { GraphApi } from "../graph/graph-client.ts";
import type { Person } from "../server/client.ts";
import { openComposerFiles, signInThroughPage, signUpByApi } from "../site/support.ts";
import { expect, test } from "../support/fixtures.ts";
import { APP_SHOT_MAX_BYTES, publishAppScreenshots, shoot, sunsetPng, useJourneyWorld } from "./support.ts";

const world = useJourneyWorld();

// Béa is on P92 already: her Instagram handle (one Ada follows there) is proven, and her uploaded
// Instagram following includes Ada, so she will follow Ada here as soon as Ada proves hers.
const BEA_INSTAGRAM = "following_0003";

async function beaIsAlreadyHere(graph: GraphApi, serverUrl: string): Promise<Person> {
  const token = await signUpByApi(graph.request, serverUrl, "bea", { displayName: "Béa" });
  const bea: Person = { handle: "bea", token, auth: { authorization: `Bearer ${token}` } };
  const code = await graph.askCode(bea, BEA_INSTAGRAM);
  world.instagram.publicBios.set(BEA_INSTAGRAM, `Photos of bridges ${code}`);
  expect((await graph.check(bea)).status).toBe(200);
  const lists = await graph.call(bea, "POST", "/api/instagram/lists", { following: [SELF_HANDLE] });
  expect(lists.status).toBe(200);
  return bea;
}

test("a newcomer imports from Instagram, proves the handle, follows, posts, is liked, and posts offline exactly once", async ({
  browser,
  context,
  request,
  serviceWorker,
}) => {
  test.setTimeout(100_000);
  const url = world.server.url;
  const graph = new GraphApi(request, url);
  await beaIsAlreadyHere(graph, url);

  // Ada is signed in to (the fake) Instagram; the extension waits as little as its tests allow.
  await routeInstagram(context, world.instagramUrl);
  await signIn(context);
  await serviceWorker.evaluate(
    (pacing) =>
      (globalThis as unknown as ChromeGlobal).chrome.storage.local.set({ testPacingOverride: pacing }),
    TEST_PACING,
  );

  // 1. The site finds the extension and offers the import.
  const ada = await context.newPage();
  await ada.goto(url);
  const importButton = ada.getByRole("button", { name: "Import from Instagram" });
  await expect(importButton).toBeVisible();
  await expect(ada.getByRole("heading", { name: "Install the P92 extension" })).toHaveCount(0);
  await shoot(ada, "01-onboarding");

  // 2. Ada allows this site in the extension's window, and the import runs, with its progress on
  // the page (Instagram answers slowly enough to see it).
  world.instagram.listDelayMs = 150;
  await answerImportPrompt(context, () => importButton.click(), "Allow and import");
  const progress = ada.locator(".import-progress");
  await expect(progress).toContainText(/Followers: [1-9]/, { timeout: 20_000 });
  await shoot(ada, "02-import-progress");
  world.instagram.listDelayMs = 0;

  // 3. The profile preview, then the account. The page moves on to it as soon as the finished
  // import is stored, so the moment "Import finished" shows can be too short to observe.
  const preview = ada.getByRole("region", { name: "Your profile, as imported" });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText("Ada Lovelace 🧮");
  await expect(preview).toContainText(`@${SELF_HANDLE}`);
  await expect(preview).toContainText("321 following");
  await expect(ada.getByLabel("Handle")).toHaveValue(SELF_HANDLE);
  await shoot(ada, "03-profile-preview");
  await ada.getByLabel(/^Password/).fill("correct horse battery");
  await ada.getByRole("button", { name: "Create my account" }).click();
  await expect(ada.getByLabel("What's new?")).toBeVisible();
  // Her Instagram picture became the account's avatar, uploaded through the media route, and is
  // beside the composer.
  const created = await (await request.get(`${url}/api/accounts/${SELF_HANDLE}`)).json();
  expect(created.account.avatarUrl).toMatch(/\/api\/media\//);
  await expect(ada.locator(".composer-row img.avatar")).toBeVisible();
  await shoot(ada, "04-account-created");

  // 4. Proving the handle: the code the server gives goes into the Instagram bio.
  await ada.goto(`${url}/instagram/`);
  const proof = ada.getByRole("region", { name: "Prove your Instagram handle" });
  await expect(proof.getByRole("textbox", { name: "Instagram handle" })).toHaveValue(SELF_HANDLE);
  await proof.getByRole("button", { name: "Get a code" }).click();
  await expect(proof.getByTestId("proof-code")).toHaveText(/p92-[a-z0-9]+/);
  const code = /p92-[a-z0-9]+/.exec((await proof.getByTestId("proof-code").textContent()) ?? "")?.[0];
  world.instagram.publicBios.set(SELF_HANDLE, `Poetical science ✨ ${code}`);
  await proof.getByRole("button", { name: "Check now" }).click();
  await expect(proof.getByRole("status")).toHaveText(
    `@${SELF_HANDLE} on Instagram is proven as yours. 1 person who follows you on Instagram already follows you here.`,
  );
  await shoot(ada, "05-handle-proven");

  // 5. Follow all: Béa, whom Ada follows on Instagram, is here.
  await ada.getByRole("button", { name: "Upload and find them" }).click();
  await expect(ada.getByText(/^Uploaded: 321 following, 1,234 followers\.$/)).toBeVisible();
  const matches = ada.getByRole("region", { name: "People you follow on Instagram who are on P92 (1)" });
  await expect(matches.getByRole("link", { name: /@bea/ })).toBeVisible();
  await matches.getByRole("button", { name: "Follow all (1)" }).click();
  await expect(ada.getByText("You now follow 1 more person.")).toBeVisible();
  await shoot(ada, "06-follow-all");

  // 6. A post with a photo and a link: in the feed at once, and after a reload.
  await ada.goto(url);
  await (
    await openComposerFiles(ada)
  ).setInputFiles({
    name: "sunset.png",
    mimeType: "image/png",
    buffer: await sunsetPng(),
  });
  const attachments = ada.getByRole("list", { name: "Attachments" });
  await attachments.getByLabel(/alt text/).fill("A sunset over the bay");
  await expect(attachments.locator("progress")).toHaveCount(0);
  const text = "My first post on P92, my notes are at https://example.org/notes";
  await ada.getByLabel("What's new?").fill(text);
  await expect(ada.getByRole("list", { name: "Links in this post" })).toContainText("example.org");
  await shoot(ada, "07-composer");
  await ada.getByRole("button", { name: "Post", exact: true }).click();
  const mine = ada.getByRole("article").filter({ hasText: "My first post on P92" });
  await expect(mine.getByRole("img", { name: "A sunset over the bay" })).toBeVisible();
  await expect(mine.getByRole("link", { name: "example.org/notes" })).toHaveAttribute(
    "href",
    "https://example.org/notes",
  );
  await expect(mine.getByText("Sending…")).toHaveCount(0);
  await shoot(ada, "08-feed");
  await ada.reload();
  await expect(mine.getByRole("img", { name: "A sunset over the bay" })).toBeVisible();

  // 7. Béa, in her own browser, sees it and likes it; the count reaches Ada.
  const beaContext = await browser.newContext();
  const bea = await beaContext.newPage();
  await signInThroughPage(bea, url, "bea");
  const seen = bea.getByRole("article").filter({ hasText: "My first post on P92" });
  await expect(seen).toContainText(`@${SELF_HANDLE}`);
  // Béa's device never held Ada's profile: it is fetched for the post, so her name shows.
  await expect(seen).toContainText("Ada Lovelace 🧮");
  await expect(seen.getByRole("img", { name: "A sunset over the bay" })).toBeVisible();
  await seen.getByRole("button", { name: /Like/ }).click();
  await expect(seen.getByRole("button", { name: /Like/ })).toHaveAccessibleName("Like, 1 like");
  await shoot(bea, "09-bea-likes");
  await expect
    .poll(async () => {
      const answer = await (await request.get(`${url}/api/accounts/${SELF_HANDLE}/posts`)).json();
      return (answer.posts as { text: string; likeCount: number }[]).find((p) => p.text === text)?.likeCount;
    })
    .toBe(1);
  await ada.reload();
  await expect(mine.getByRole("button", { name: /Like/ })).toHaveAccessibleName("Like, 1 like");
  await shoot(ada, "10-like-reaches-ada");
  await beaContext.close();

  // 8. Offline, Ada writes; back online, the post is sent, and the server holds one copy.
  await context.setOffline(true);
  await expect(ada.getByText("You are offline")).toBeVisible();
  const offlineText = "Written on the train, without a network";
  await ada.getByLabel("What's new?").fill(offlineText);
  await ada.getByRole("button", { name: "Post", exact: true }).click();
  const queued = ada.getByRole("article").filter({ hasText: offlineText });
  await expect(queued.getByText("Will send when you are back online")).toBeVisible();
  await shoot(ada, "11-offline");
  await context.setOffline(false);
  await expect(queued.getByText(/Will send|Sending/)).toHaveCount(0);
  const copiesOnServer = async () => {
    const answer = await (await request.get(`${url}/api/accounts/${SELF_HANDLE}/posts`)).json();
    return (answer.posts as { text: string }[]).filter((p) => p.text === offlineText).length;
  };
  await expect.poll(copiesOnServer).toBe(1);
  await ada.reload();
  await expect(queued).toHaveCount(1);
  // The reload's sync has finished when the network is quiet; it sent nothing twice.
  await ada.waitForLoadState("networkidle");
  expect(await copiesOnServer()).toBe(1);
  await shoot(ada, "12-back-online");

  for (const file of await publishAppScreenshots(ada)) {
    expect(fs.statSync(file).size).toBeLessThan(APP_SHOT_MAX_BYTES);
  }
});
