import type { Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { startFakeInstagram, type FakeInstagramState } from "../../fake-instagram/server.ts";
import { RELAXED_LIMITS } from "../server/client.ts";
import { builtSiteOrigin, test } from "../support/fixtures.ts";
import { startServer, type RunningServer } from "../support/server.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SHOTS_DIR = path.join(ROOT, "test-results/journey");
/** The manifest's images stay small: every install downloads them. */
export const APP_SHOT_MAX_BYTES = 120 * 1024;

export interface JourneyWorld {
  server: RunningServer;
  instagram: FakeInstagramState;
  /** The fake's own address: the browser's instagram.com requests are routed there. */
  instagramUrl: string;
}

/**
 * The world a newcomer arrives in: a fake instagram.com, and a P92 server on the origin the
 * extension was built for, which reads Instagram profiles (to check proof codes) from the fake.
 */
export function useJourneyWorld(): JourneyWorld {
  const world = {} as JourneyWorld;
  let closeInstagram: (() => Promise<void>) | undefined;
  test.beforeAll(async () => {
    const fake = await startFakeInstagram();
    closeInstagram = fake.close;
    world.instagramUrl = fake.url;
    world.instagram = fake.state;
    world.server = await startServer({
      port: Number(new URL(builtSiteOrigin()).port || 80),
      env: { ...RELAXED_LIMITS, P92_INSTAGRAM_ORIGIN: fake.url },
    });
  });
  test.afterAll(async () => {
    await world.server?.stop();
    if (world.server) fs.rmSync(world.server.dataDir, { recursive: true, force: true });
    await closeInstagram?.();
  });
  return world;
}

/** Saves what the person sees at this step as test-results/journey/<name>.png. */
export async function shoot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The web app manifest's screenshots (site/public/screenshots/), as the install dialog shows them. */
const APP_SHOTS_DIR = path.resolve(import.meta.dirname, "../../../site/public/screenshots");
const APP_SHOTS = [
  { name: "narrow", width: 390, height: 844 },
  { name: "wide", width: 1280, height: 800 },
] as const;

/**
 * With P92_UPDATE_SCREENSHOTS=1, writes the manifest's screenshots of what `page` shows, at the
 * sizes the manifest names (a phone and a computer). Answers the files written.
 */
export async function publishAppScreenshots(page: Page): Promise<string[]> {
  if (process.env.P92_UPDATE_SCREENSHOTS !== "1") return [];
  fs.mkdirSync(APP_SHOTS_DIR, { recursive: true });
  const before = page.viewportSize();
  const written: string[] = [];
  for (const shot of APP_SHOTS) {
    await page.setViewportSize({ width: shot.width, height: shot.height });
    const target = path.join(APP_SHOTS_DIR, `${shot.name}.png`);
    await sharp(await page.screenshot())
      .png({ palette: true, colours: 96, compressionLevel: 9, effort: 10 })
      .toFile(target);
    written.push(target);
  }
  if (before) await page.setViewportSize(before);
  return written;
}

/** A small photo for the post: a sunset-coloured gradient with a sun, drawn here. */
export function sunsetPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3b2f8f"/><stop offset="0.6" stop-color="#f28c5a"/>
      <stop offset="1" stop-color="#ffd37a"/></linearGradient></defs>
    <rect width="480" height="300" fill="url(#sky)"/>
    <circle cx="240" cy="230" r="60" fill="#fff2c4"/>
    <rect y="240" width="480" height="60" fill="#1f3a5a"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
