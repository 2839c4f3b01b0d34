import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_MEDIA_LIMITS } from "../../../shared/media.ts";
import { mediaDir } from "../../../site/server/media/files.ts";
import { storeUpload } from "../../../site/server/media/upload.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-upload-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const OWNER = { id: 1, quotaLeft: DEFAULT_MEDIA_LIMITS.quotaBytes };
const streamOf = (bytes: Buffer) => new Blob([new Uint8Array(bytes)]).stream();

describe("photo uploads", () => {
  const picture = () => sharp({ create: { width: 600, height: 300, channels: 3, background: "#1a7" } });
  const formats: [string, () => Promise<Buffer>][] = [
    ["image/jpeg", () => picture().jpeg().toBuffer()],
    ["image/png", () => picture().png().toBuffer()],
    ["image/webp", () => picture().webp().toBuffer()],
    ["image/gif", () => picture().gif().toBuffer()],
    ["image/avif", () => picture().avif().toBuffer()],
  ];
  for (const [mimeType, make] of formats) {
    it(`stores a ${mimeType} in its own format with its size and a small preview`, async () => {
      const bytes = await make();
      const media = await storeUpload(streamOf(bytes), bytes.length, OWNER, dataDir, DEFAULT_MEDIA_LIMITS);
      expect(media).toMatchObject({ kind: "image", mimeType, width: 600, height: 300 });
      const stored = await sharp(path.join(mediaDir(dataDir), media.file)).metadata();
      expect(stored.width).toBe(600);
      const preview = await sharp(path.join(mediaDir(dataDir), media.previewFile!)).metadata();
      expect([preview.format, preview.width, preview.height]).toEqual(["webp", 480, 240]);
    });
  }

  it("keeps every frame of an animated GIF", async () => {
    const frame = (background: string) =>
      sharp({ create: { width: 10, height: 30, channels: 3, background } })
        .png()
        .toBuffer();
    const animated = await sharp([await frame("#f00"), await frame("#00f"), await frame("#0f0")], {
      join: { animated: true },
    })
      .gif({ loop: 0 })
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(3);
    const media = await storeUpload(
      streamOf(animated),
      animated.length,
      OWNER,
      dataDir,
      DEFAULT_MEDIA_LIMITS,
    );
    expect(media).toMatchObject({ mimeType: "image/gif", width: 10, height: 30 });
    expect((await sharp(path.join(mediaDir(dataDir), media.file)).metadata()).pages).toBe(3);
  });

  it("leaves no temporary file behind when it refuses an upload", async () => {
    const text = Buffer.from("just some text that is not an image at all, long enough to sniff.");
    await expect(
      storeUpload(streamOf(text), text.length, OWNER, dataDir, DEFAULT_MEDIA_LIMITS),
    ).rejects.toMatchObject({
      status: 415,
    });
    expect(fs.readdirSync(mediaDir(dataDir)).filter((f) => f.startsWith(".upload-"))).toEqual([]);
  });
});
