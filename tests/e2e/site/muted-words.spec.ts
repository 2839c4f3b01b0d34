import { expect, test, useServer } from "../support/fixtures.ts";
import { postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

test("a muted word hides others' posts in any case or accents, from the feed and the notifications, until it is removed", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "wordy");
  const talker = await signUpByApi(request, server.current.url, "talker");
  expect((await request.post(`${server.current.url}/api/accounts/talker/follow`, as(token))).status()).toBe(
    200,
  );
  const mine = await postByApi(request, server.current.url, token, "my own cafe stays");
  await postByApi(request, server.current.url, talker, "Le CAFÉ est prêt");
  await postByApi(request, server.current.url, talker, "nothing to see here");
  await postByApi(request, server.current.url, talker, "a Café reply for you", { replyTo: mine.id });
  expect((await request.post(`${server.current.url}/api/posts/${mine.id}/like`, as(talker))).status()).toBe(
    200,
  );
  await signInThroughPage(page, server.current.url, "wordy");
  await expect(page.getByRole("article").filter({ hasText: "Le CAFÉ est prêt" })).toBeVisible();

  await page.goto(`${server.current.url}/settings/`);
  await page.getByLabel("Word or phrase").fill("cafe");
  await page.getByLabel("Duration").selectOption({ label: "7 days" });
  await page.getByLabel("Word or phrase").press("Enter");
  const list = page.getByRole("list").filter({ hasText: "cafe" });
  await expect(list.getByRole("listitem")).toContainText(/cafe\s+until /);
  await expect(page.getByLabel("Word or phrase")).toHaveValue("");
  // Nothing, or too long, is said plainly.
  await page.getByLabel("Word or phrase").fill("   ");
  await page.getByRole("button", { name: "Mute", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("at most 100 characters");
  await expect(page.getByRole("status").filter({ hasText: "“cafe” is muted." })).toBeAttached();

  await page.goto(server.current.url);
  await expect(page.getByRole("article").filter({ hasText: "nothing to see here" })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: "Le CAFÉ est prêt" })).toHaveCount(0);
  await expect(page.getByRole("article").filter({ hasText: "my own cafe stays" })).toBeVisible();
  await page.goto(`${server.current.url}/notifications/`);
  await expect(page.getByRole("link", { name: "@talker liked your post" })).toBeVisible();
  await expect(page.getByRole("link", { name: /replied/ })).toHaveCount(0);

  await page.goto(`${server.current.url}/settings/`);
  await page.getByRole("button", { name: "Unmute “cafe”" }).click();
  await expect(page.getByLabel("Word or phrase")).toBeFocused();
  await expect(page.getByText("No muted words.")).toBeVisible();
  await page.goto(`${server.current.url}/notifications/`);
  await expect(page.getByRole("link", { name: /replied/ })).toHaveCount(1);
  await page.goto(server.current.url);
  await expect(page.getByRole("article").filter({ hasText: "Le CAFÉ est prêt" })).toBeVisible();
});

test("settings list the accounts one blocked and muted, and unblock or unmute them", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "lister");
  await signUpByApi(request, server.current.url, "quiet");
  await signUpByApi(request, server.current.url, "rude");
  expect((await request.post(`${server.current.url}/api/accounts/quiet/mute`, as(token))).status()).toBe(200);
  expect((await request.post(`${server.current.url}/api/accounts/rude/block`, as(token))).status()).toBe(200);
  await signInThroughPage(page, server.current.url, "lister");
  await page.goto(`${server.current.url}/settings/`);
  const blocked = page.getByRole("region", { name: "Blocked accounts" });
  const muted = page.getByRole("region", { name: "Muted accounts" });
  await expect(blocked.getByRole("listitem")).toContainText("@rude");
  await expect(muted.getByRole("listitem")).toContainText("@quiet");

  await blocked.getByRole("button", { name: "Unblock @rude" }).click();
  await expect(blocked.getByText("You have not blocked anyone.")).toBeVisible();
  await muted.getByRole("button", { name: "Unmute @quiet" }).click();
  await expect(muted.getByText("You have not muted anyone.")).toBeVisible();
  const listed = async (kind: string) =>
    (
      (await (await request.get(`${server.current.url}/api/me/${kind}`, as(token))).json()) as {
        accounts: unknown[];
      }
    ).accounts.length;
  await expect.poll(() => listed("blocks")).toBe(0);
  await expect.poll(() => listed("mutes")).toBe(0);
});
