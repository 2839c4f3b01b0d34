import type { APIRequestContext, Page } from "@playwright/test";
import sharp from "sharp";
import { newId } from "../../../shared/ids.ts";
import { expect } from "../support/fixtures.ts";
import { RETRY } from "../server/client.ts";

/** Waits until the page's requests go through the site's service worker. */
export async function waitForWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
  });
}

export function redSquare(size = 48): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: "#c33" } })
    .png()
    .toBuffer();
}

/** A post with photos (one per alt text, each a red square of its own size), made through the API; answers the post's id. */
export async function postPhotoByApi(
  request: APIRequestContext,
  serverUrl: string,
  token: string,
  text: string,
  alts: string[] = ["A red square"],
): Promise<string> {
  const headers = { authorization: `Bearer ${token}` };
  const media: { id: string; alt: string }[] = [];
  for (const [index, alt] of alts.entries()) {
    const upload = await request.post(`${serverUrl}/api/media`, {
      headers: { ...headers, "content-type": "image/png" },
      data: await redSquare(48 + index),
    });
    expect(upload.status(), await upload.text()).toBe(201);
    const answer = (await upload.json()) as { id?: string; media?: { id: string } };
    media.push({ id: (answer.media?.id ?? answer.id)!, alt });
  }
  const id = newId();
  const response = await request.post(`${serverUrl}/api/posts`, {
    headers,
    data: { id, text, media },
  });
  expect(response.status(), await response.text()).toBe(201);
  return id;
}

/** The texts of an account's posts, as the server has them. */
export async function serverPostTexts(
  request: APIRequestContext,
  serverUrl: string,
  handle: string,
): Promise<string[]> {
  // A keep-alive socket the server is closing may reset the request: it is sent again.
  const response = await request.get(`${serverUrl}/api/accounts/${handle}/posts`, RETRY);
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { posts: { text: string }[] };
  return body.posts.map((post) => post.text);
}

/** Whether an image has loaded its pixels (a broken one has no natural width). */
export async function imageLoaded(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0);
}
