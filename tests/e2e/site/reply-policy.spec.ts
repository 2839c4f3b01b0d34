import type { APIRequestContext } from "@playwright/test";
import type { Post } from "../../../shared/schema/social.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { chooseFromMenu, postByApi, signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

async function follow(request: APIRequestContext, token: string, handle: string) {
  const response = await request.post(`${server.current.url}/api/accounts/${handle}/follow`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
}

test("the composer limits who can reply; others see the rule, cannot reply where the device knows, and are told when the server refuses", async ({
  page,
  browser,
  request,
}) => {
  const ana = await signUpByApi(request, server.current.url, "rpana");
  const ben = await signUpByApi(request, server.current.url, "rpben");
  await follow(request, ben, "rpana");
  await signInThroughPage(page, server.current.url, "rpana");

  // Chosen with the keyboard, kept with the draft, posted with the post, then back to anyone.
  const field = page.getByLabel("What's new?");
  await field.fill("Only for @rpcyd");
  const choice = page.getByLabel("Who can reply");
  await expect(choice).toHaveValue("everyone");
  await choice.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(choice).toHaveValue("mentioned");
  await page.reload();
  await field.click();
  await expect(page.getByLabel("Who can reply")).toHaveValue("mentioned");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const mine = page.getByRole("article").filter({ hasText: "Only for @rpcyd" });
  await expect(mine.getByText("Sending…")).toHaveCount(0);
  await expect(mine.getByText("Only people @rpana mentioned can reply")).toBeVisible();
  // The author may still answer.
  await expect(mine.getByRole("button", { name: /^Reply/ })).toBeEnabled();
  await field.click();
  await expect(page.getByLabel("Who can reply")).toHaveValue("everyone");
  const id = await mine.getAttribute("data-post-id");
  const stored = await request.get(`${server.current.url}/api/posts/${id}`);
  expect(((await stored.json()) as { post: Post }).post.replyPolicy).toBe("mentioned");
  await postByApi(request, server.current.url, ana, "For the people I follow", { replyPolicy: "following" });

  // Ben, not mentioned and not followed.
  const benPage = await (await browser.newContext()).newPage();
  await signInThroughPage(benPage, server.current.url, "rpben");
  const mentionedOnly = benPage.getByRole("article").filter({ hasText: "Only for @rpcyd" });
  const reply = mentionedOnly.getByRole("button", { name: /^Reply/ });
  await expect(reply).toBeDisabled();
  await expect(reply).toHaveAccessibleDescription("Only people @rpana mentioned can reply");
  const forFollowed = benPage.getByRole("article").filter({ hasText: "For the people I follow" });
  await expect(forFollowed.getByText("Only people @rpana follows or mentioned can reply")).toBeVisible();
  // Whom she follows is the server's to say: Ben may write, told the rule, and hears why it was
  // not sent.
  const forFollowedId = await forFollowed.getAttribute("data-post-id");
  await forFollowed.getByRole("button", { name: /^Reply/ }).click();
  const replyField = benPage.getByLabel("What's new?");
  await expect(replyField).toBeFocused();
  await expect(benPage.locator(".composer-rule")).toHaveText(
    "Only people @rpana follows or mentioned can reply",
  );
  await expect(replyField).toHaveAccessibleDescription(/Only people @rpana follows or mentioned can reply/);
  await replyField.fill("May I?");
  await benPage.getByRole("button", { name: "Reply", exact: true }).click();
  // Kept on the device (the composer empties once it is) before Ben leaves the page.
  await expect(replyField).toHaveValue("");
  await benPage.goto(`${server.current.url}/post/?id=${forFollowedId}`);
  const refused = benPage.getByRole("article").filter({ hasText: "May I?" });
  await expect(refused).toContainText("Not sent: The author of this post limited who can reply to it");
  // On a post for those it mentions, the thread page offers no composer to Ben.
  await benPage.goto(`${server.current.url}/post/?id=${id}`);
  await expect(benPage.getByRole("article").first()).toContainText("Only for @rpcyd");
  await expect(benPage.getByLabel("What's new?")).toHaveCount(0);
  // Quoting it still opens the composer there.
  const main = benPage.getByRole("article").first();
  await chooseFromMenu(benPage, main.getByRole("button", { name: /^Repost/ }), "Repost", "Quote");
  await expect(benPage.getByLabel("What's new?")).toBeFocused();
  await expect(benPage.locator(".composer-rule")).toHaveCount(0);
  await benPage.context().close();
});
