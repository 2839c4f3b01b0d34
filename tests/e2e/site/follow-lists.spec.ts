// Issue 17: a profile's follower and following counts open the lists, where each person has a
// Follow button.
import { expect, test, useServer } from "../support/fixtures.ts";
import { makeShowcase } from "./showcase.ts";
import { signInThroughPage } from "./support.ts";

const server = useServer();

test("a profile's counts open who follows them and whom they follow, with Follow buttons and a way back", async ({
  page,
  request,
}) => {
  const url = server.current.url;
  await makeShowcase(request, url);
  // Sam follows Léa; Léa follows Sam and Noor; Noor and Mia follow Léa. Sam follows Noor too.
  const signIn = await request.post(`${url}/api/auth/sign-in`, {
    data: { handle: "sam", password: "correct horse battery" },
  });
  const { token } = (await signIn.json()) as { token: string };
  const follow = await request.post(`${url}/api/accounts/noor/follow`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(follow.status()).toBe(200);
  await signInThroughPage(page, url, "sam");
  await page.goto(`${url}/@lea`);
  await page.getByRole("link", { name: "3 followers" }).click();
  await expect(page).toHaveURL(/\/@lea\?list=followers$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Léa Martin 🌿");
  await expect(page.getByRole("tab", { name: "3 followers" })).toHaveAttribute("aria-selected", "true");
  const people = page.getByRole("tabpanel").getByRole("listitem");
  await expect(people).toHaveCount(3);
  await expect(people.nth(0)).toContainText("Sam Okafor");
  await expect(people.nth(1)).toContainText("نور");
  await expect(people.nth(2)).toContainText("@mia");
  // Not oneself; Noor, whom Sam follows, can be unfollowed, and Mia followed, from here.
  await expect(people.nth(0).getByRole("button")).toHaveCount(0);
  await expect(people.nth(1).getByRole("button", { name: "Unfollow @noor" })).toBeVisible();
  const followMia = people.nth(2).getByRole("button", { name: "Follow @mia" });
  await followMia.click();
  await expect(people.nth(2).getByRole("button", { name: "Unfollow @mia" })).toBeVisible();
  await expect
    .poll(async () => {
      const response = await request.get(`${url}/api/accounts/mia/followers`);
      return ((await response.json()) as { accounts: { account: { handle: string } }[] }).accounts.map(
        (e) => e.account.handle,
      );
    })
    .toEqual(["sam"]);

  await page.getByRole("tab", { name: "2 following" }).click();
  await expect(page).toHaveURL(/\/@lea\?list=following$/);
  await expect(people).toHaveCount(2);
  await expect(people.nth(0)).toContainText("Sam Okafor");
  await expect(people.nth(1)).toContainText("نور");

  await page.getByRole("link", { name: "Back to @lea" }).click();
  await expect(page).toHaveURL(/\/@lea$/);
  await expect(page.getByRole("tab", { name: "Posts" })).toBeVisible();
});

test("a list with nobody in it says so", async ({ page, request }) => {
  const url = server.current.url;
  const response = await request.post(`${url}/api/auth/sign-up`, {
    data: { handle: "loner", password: "correct horse battery" },
  });
  expect(response.status()).toBe(201);
  await page.goto(`${url}/@loner?list=following`);
  await expect(page.getByText("Not following anyone yet.")).toBeVisible();
  await page.getByRole("tab", { name: /followers/ }).click();
  await expect(page.getByText("No followers yet.")).toBeVisible();
});
