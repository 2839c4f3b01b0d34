// The fixed world the appearance tests photograph (issue 17): the same people, posts, pictures,
// likes and follows on every run, made through the API in the same order, so that screenshots
// compare. Times are the only thing a run cannot fix on the server; the page's clock is set a
// fixed while after them instead (`SHOWCASE_CLOCK_AHEAD_MS`), so every post reads "3h".
import type { APIRequestContext } from "@playwright/test";
import sharp from "sharp";
import { newId } from "../../../shared/ids.ts";
import { RETRY } from "../server/client.ts";
import { expect } from "../support/fixtures.ts";
import { signUpByApi } from "./support.ts";

/** Posts made at most a few minutes apart all round to the same hour at this distance. */
export const SHOWCASE_CLOCK_AHEAD_MS = 3 * 3600_000;

export interface Showcase {
  /** The person the pages are seen as. */
  handle: string;
  /** Their post with a photo, liked three times and answered once, by Sam... */
  photoPostId: string;
  /** ...whose reply they answered in turn: a thread of three. */
  replyId: string;
  photoAlt: string;
  /** When the world was made: the pages' clock is this plus SHOWCASE_CLOCK_AHEAD_MS. */
  madeAt: number;
}

/** A square avatar drawn from shapes (no text: nothing depends on a font). */
function avatar(from: string, to: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="256" height="256" fill="url(#g)"/>
    <circle cx="128" cy="104" r="48" fill="#fff" fill-opacity="0.85"/>
    <ellipse cx="128" cy="236" rx="88" ry="72" fill="#fff" fill-opacity="0.85"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A 1200 × 800 landscape: sky, sun, hills and a river. */
function landscape(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#f7b267"/><stop offset="1" stop-color="#f4845f"/></linearGradient></defs>
    <rect width="1200" height="800" fill="url(#sky)"/>
    <circle cx="820" cy="330" r="110" fill="#fff3b0"/>
    <path d="M0 520 Q300 380 600 500 T1200 470 V800 H0Z" fill="#5b8e7d"/>
    <path d="M0 600 Q400 500 800 610 T1200 590 V800 H0Z" fill="#3d6b5c"/>
    <path d="M0 700 Q600 640 1200 700 V800 H0Z" fill="#4a7fa7"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function upload(request: APIRequestContext, url: string, token: string, png: Buffer): Promise<string> {
  const response = await request.post(`${url}/api/media`, {
    ...RETRY,
    headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
    data: png,
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { media: { id: string } }).media.id;
}

async function post(
  request: APIRequestContext,
  url: string,
  token: string,
  data: Record<string, unknown>,
): Promise<string> {
  const id = newId();
  const response = await request.post(`${url}/api/posts`, {
    ...RETRY,
    headers: { authorization: `Bearer ${token}` },
    data: { id, ...data },
  });
  expect(response.status(), await response.text()).toBe(201);
  return id;
}

async function act(request: APIRequestContext, url: string, token: string, path: string): Promise<void> {
  const response = await request.post(`${url}${path}`, {
    ...RETRY,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

/** Makes the showcase on the server at `url`; the server must be new (the handles are fixed). */
export async function makeShowcase(request: APIRequestContext, url: string): Promise<Showcase> {
  const madeAt = Date.now();
  const lea = await signUpByApi(request, url, "lea", {
    displayName: "Léa Martin 🌿",
    bio: "Photographer in Lyon 📷 Rivers, markets and early trains.",
    links: [{ title: "Portfolio", url: "https://lea.example/photos" }],
    instagram: { handle: "lea.martin", verified: false },
  });
  const sam = await signUpByApi(request, url, "sam", {
    displayName: "Sam Okafor",
    bio: "Runs a P92 server in a cupboard.",
    links: [],
  });
  const noor = await signUpByApi(request, url, "noor", {
    displayName: "نور",
    bio: "مصممة من عمّان ☕",
    links: [],
  });
  const mia = await signUpByApi(request, url, "mia", { displayName: "Mia", bio: "", links: [] });

  const avatarId = await upload(request, url, lea, await avatar("#6d5dfc", "#e85d9b"));
  const patch = await request.patch(`${url}/api/me`, {
    ...RETRY,
    headers: { authorization: `Bearer ${lea}` },
    data: { avatarMediaId: avatarId },
  });
  expect(patch.status(), await patch.text()).toBe(200);
  const noorAvatar = await upload(request, url, noor, await avatar("#2a9d8f", "#e9c46a"));
  const noorPatch = await request.patch(`${url}/api/me`, {
    ...RETRY,
    headers: { authorization: `Bearer ${noor}` },
    data: { avatarMediaId: noorAvatar },
  });
  expect(noorPatch.status(), await noorPatch.text()).toBe(200);

  for (const [who, whom] of [
    [lea, "sam"],
    [lea, "noor"],
    [sam, "lea"],
    [noor, "lea"],
    [mia, "lea"],
  ] as const) {
    await act(request, url, who, `/api/accounts/${whom}/follow`);
  }

  await post(request, url, noor, { text: "صباح الخير من عمّان ☕ أول منشور لي هنا" });
  await post(request, url, sam, {
    text: "Shipped our P92 server today 🚀 Anyone can run one, and it talks to the rest of the fediverse. Notes: https://sam.example/p92",
  });
  const photoAlt = "The sun over green hills and a river, in an orange sky";
  const photoId = await upload(request, url, lea, await landscape());
  const photoPostId = await post(request, url, lea, {
    text: "Morning light over the Saône ☀️ #lyon",
    media: [{ id: photoId, alt: photoAlt }],
  });
  const replyId = await post(request, url, sam, {
    text: "That light! 😍 Which bridge is this from?",
    replyTo: photoPostId,
  });
  await post(request, url, lea, { text: "Pont Bonaparte, 7 a.m. Worth the early train.", replyTo: replyId });
  for (const who of [sam, noor, mia]) await act(request, url, who, `/api/posts/${photoPostId}/like`);

  return { handle: "lea", photoPostId, replyId, photoAlt, madeAt };
}
