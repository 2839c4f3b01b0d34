import type { Page } from "@playwright/test";
import { waitForWorker } from "../app/support.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { signInThroughPage, signUpByApi } from "./support.ts";

const server = useServer();

/** The composer's draft as stored on the device, read straight from IndexedDB. */
function savedDraftText(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open("p92");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("settings").objectStore("settings").get("site.draft");
          read.onsuccess = () => {
            open.result.close();
            resolve((read.result as { value?: { text?: string } } | undefined)?.value?.text ?? null);
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

async function serverPostsWith(page: Page, text: string): Promise<number> {
  const answer = await (await page.request.get(`${server.current.url}/api/timeline/everyone`)).json();
  return (answer.posts as { text: string }[]).filter((p) => p.text === text).length;
}

test("the counter counts emoji as one character: 499, 500 and 501", async ({ page, request }) => {
  await signUpByApi(request, server.current.url, "counter");
  await signInThroughPage(page, server.current.url, "counter");
  const box = page.getByLabel("What's new?");
  const post = page.getByRole("button", { name: "Post", exact: true });
  const family = "👨‍👩‍👧‍👦";
  await box.fill(family.repeat(499));
  await expect(page.locator("#composer-counter")).toHaveText("1 character left");
  await expect(post).toBeEnabled();
  await box.fill(family.repeat(500));
  await expect(page.locator("#composer-counter")).toHaveText("0 characters left");
  await expect(page.locator("#composer-counter")).toHaveClass(/warn/);
  await expect(post).toBeEnabled();
  await box.fill(family.repeat(501));
  await expect(page.locator("#composer-counter")).toHaveText("1 character too many");
  await expect(post).toBeDisabled();
});

test("a post appears at once, syncs, and survives a reload; the draft survives too", async ({
  page,
  request,
}) => {
  await signUpByApi(request, server.current.url, "writer");
  await signInThroughPage(page, server.current.url, "writer");
  await page.getByLabel("What's new?").fill("Unfinished thought");
  // Reloaded once the draft is on the device (a write that has not committed when the page
  // unloads is lost with it, which no person reloading by hand runs into).
  await expect.poll(() => savedDraftText(page)).toBe("Unfinished thought");
  await page.reload();
  await expect(page.getByLabel("What's new?")).toHaveValue("Unfinished thought");

  const text = "Bonjour P92 ! https://example.com/a #premier";
  await page.getByLabel("What's new?").fill(text);
  await expect(page.getByRole("list", { name: "Links in this post" })).toContainText("example.com");
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: "Bonjour P92" });
  await expect(article).toBeVisible();
  await expect(page.getByLabel("What's new?")).toHaveValue("");
  await expect(article.getByText("Sending…")).toHaveCount(0);
  await expect.poll(() => serverPostsWith(page, text)).toBe(1);
  const link = article.getByRole("link", { name: "example.com/a" });
  await expect(link).toHaveAttribute("href", "https://example.com/a");
  await expect(link).toHaveAttribute("rel", "noopener nofollow ugc");

  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: "Bonjour P92" })).toBeVisible();
  await expect(page.getByLabel("What's new?")).toHaveValue("");
});

test("offline, a post waits in the outbox and is sent exactly once when the network returns", async ({
  page,
  context,
  request,
}) => {
  await signUpByApi(request, server.current.url, "traveller");
  await signInThroughPage(page, server.current.url, "traveller");
  // The composer's code comes with the app shell the worker keeps, within seconds of a first visit.
  await waitForWorker(page);
  await context.setOffline(true);
  await expect(page.getByText("You are offline")).toBeVisible();
  const text = "Écrit dans le train, sans réseau";
  await page.getByLabel("What's new?").fill(text);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: text });
  await expect(article.getByText("Will send when you are back online")).toBeVisible();
  await page.waitForTimeout(500);
  await context.setOffline(false);
  await expect(article.getByText(/Will send|Sending/)).toHaveCount(0);
  await expect.poll(() => serverPostsWith(page, text)).toBe(1);
  await page.reload();
  await expect(page.getByRole("article").filter({ hasText: text })).toBeVisible();
  await page.waitForTimeout(500);
  expect(await serverPostsWith(page, text)).toBe(1);
});

test("markup and javascript: links in a bio and a post render as inert text", async ({ page, request }) => {
  const bio = '<img src=x onerror="window.pwned=1"><b>bold</b> javascript:alert(1)';
  await signUpByApi(request, server.current.url, "mallory", { displayName: "<i>Mallory</i>", bio });
  await signInThroughPage(page, server.current.url, "mallory");
  const text = '<script>window.pwned=1</script><a href="javascript:alert(1)">click</a> javascript:alert(2)';
  await page.getByLabel("What's new?").fill(text);
  await page.getByRole("button", { name: "Post", exact: true }).click();
  const article = page.getByRole("article").filter({ hasText: "click" });
  await expect(article.locator(".post-text")).toHaveText(text);
  await expect(article.locator("script, b, i, img")).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);

  await page.goto(`${server.current.url}/@mallory`);
  await expect(page.locator(".bio")).toHaveText(bio);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("<i>Mallory</i>");
  await expect(page.locator("main b, main img:not(.avatar), main i")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
});
