import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi, watchCsp } from "./support.ts";

const server = useServer();

test("two people: Everyone, then Following after following, and like and repost counts agree", async ({
  browser,
  request,
}) => {
  const url = server.current.url;
  await signUpByApi(request, url, "amelie", { displayName: "Amélie" });
  await signUpByApi(request, url, "bastien", { displayName: "Bastien" });
  const amelie = await (await browser.newContext()).newPage();
  const bastien = await (await browser.newContext()).newPage();
  const violations = [await watchCsp(amelie), await watchCsp(bastien)];
  await signInThroughPage(amelie, url, "amelie");
  await signInThroughPage(bastien, url, "bastien");

  await amelie.getByLabel("What's new?").fill("Premier message d’Amélie");
  await amelie.getByRole("button", { name: "Post", exact: true }).click();
  const own = amelie.getByRole("article").filter({ hasText: "Premier message" });
  await expect(own.getByText("Sending…")).toHaveCount(0);

  await bastien.reload();
  const seen = bastien.getByRole("article").filter({ hasText: "Premier message" });
  await expect(seen).toBeVisible();
  await expect(seen).toContainText("Amélie");
  await expect(seen).toContainText("@amelie");

  await bastien.getByRole("button", { name: "Following" }).click();
  await expect(bastien.getByText("Nobody you follow has posted yet")).toBeVisible();
  await bastien.goto(`${url}/@amelie`);
  await bastien.getByRole("button", { name: "Follow" }).click();
  await expect(bastien.getByRole("button", { name: "Unfollow" })).toBeVisible();
  await bastien.goto(url);
  await bastien.getByRole("button", { name: "Following" }).click();
  await expect(bastien.getByRole("article").filter({ hasText: "Premier message" })).toBeVisible();

  const post = bastien.getByRole("article").filter({ hasText: "Premier message" });
  await post.getByRole("button", { name: /Like/ }).click();
  await expect(post.getByRole("button", { name: /Like/ })).toHaveAccessibleName("Like, 1 like");
  await post.getByRole("button", { name: /Repost/ }).click();
  await bastien.getByRole("menuitem", { name: "Repost" }).click();
  await expect(post.getByRole("button", { name: /Repost/ })).toHaveAccessibleName(/^Repost, 1 repost\b/);
  await expect(post.getByRole("button", { name: /Like/ })).toHaveAttribute("aria-pressed", "true");

  // Bastien's interactions reach the server, then Amélie's device on her next sync.
  await expect
    .poll(async () => {
      const answer = await (await request.get(`${url}/api/timeline/everyone`)).json();
      const p = (answer.posts as { text: string; likeCount: number; repostCount: number }[]).find((x) =>
        x.text.startsWith("Premier message"),
      );
      return p && [p.likeCount, p.repostCount];
    })
    .toEqual([1, 1]);
  await amelie.reload();
  const hers = amelie.getByRole("article").filter({ hasText: "Premier message" });
  await expect(hers.getByRole("button", { name: /Like/ })).toHaveAccessibleName("Like, 1 like");
  await expect(hers.getByRole("button", { name: /Repost/ })).toHaveAccessibleName(/^Repost, 1 repost\b/);
  await expect(hers.getByRole("button", { name: /Like/ })).toHaveAttribute("aria-pressed", "false");

  // And a reload of Bastien's page keeps his own like, from the server's answer.
  await bastien.reload();
  const again = bastien.getByRole("article").filter({ hasText: "Premier message" });
  await expect(again.getByRole("button", { name: /Like/ })).toHaveAccessibleName("Like, 1 like");
  await expect(again.getByRole("button", { name: /Like/ })).toHaveAttribute("aria-pressed", "true");
  expect(violations.flat()).toEqual([]);
});
