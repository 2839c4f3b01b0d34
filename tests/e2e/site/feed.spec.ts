import type { APIRequestContext } from "@playwright/test";
import { newId } from "../../../shared/ids.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

async function postByApi(request: APIRequestContext, token: string, text: string): Promise<void> {
  const response = await request.post(`${server.current.url}/api/posts`, {
    headers: { authorization: `Bearer ${token}` },
    data: { id: newId(), text },
  });
  expect(response.status(), await response.text()).toBe(201);
}

test("older posts come from the server on scroll, and the DOM keeps only posts near the screen", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "prolific");
  for (let i = 1; i <= 70; i++) await postByApi(request, token, `Message numéro ${i}`);
  await signUpByApi(request, server.current.url, "reader");
  await signInThroughPage(page, server.current.url, "reader");
  await expect(page.getByRole("article").filter({ hasText: "Message numéro 70" })).toBeVisible();
  // The first page holds 50; scrolling reaches the end of what the device has, then the server's.
  await expect(async () => {
    await page.mouse.wheel(0, 4000);
    await expect(page.locator(".post-text", { hasText: /^Message numéro 1$/ })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  expect(await page.locator("article.post").count()).toBeLessThan(70);
});

test("a post that arrives while reading waits behind a pill instead of moving the page", async ({
  page,
  request,
}) => {
  const token = await signUpByApi(request, server.current.url, "newsy");
  await postByApi(request, token, "Déjà là");
  await signUpByApi(request, server.current.url, "calm");
  await signInThroughPage(page, server.current.url, "calm");
  await expect(page.getByRole("article").filter({ hasText: "Déjà là" })).toBeVisible();

  await postByApi(request, token, "Tout frais");
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  const pill = page.getByRole("button", { name: "1 new post" });
  // The pill waits for a sync round trip, which a loaded machine can slow down.
  await expect(pill).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("article").filter({ hasText: "Tout frais" })).toHaveCount(0);
  await pill.click();
  await expect(page.getByRole("article").filter({ hasText: "Tout frais" })).toBeVisible();
  await expect(pill).toHaveCount(0);
});
