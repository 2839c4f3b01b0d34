import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { videoDuration } from "../../../site/server/media/duration.ts";
import { sniff } from "../../../site/server/media/sniff.ts";
import { mp4 } from "../../e2e/server/media-fixtures.ts";

function ebml(id: number[], payload: Buffer): Buffer {
  // Size as an 8-byte vint (0x01 marker), as muxers commonly write it.
  const size = Buffer.alloc(8);
  size.writeUInt32BE(payload.length, 4);
  size[0] = 0x01;
  return Buffer.concat([Buffer.from(id), size, payload]);
}

/** A WebM header: EBML (DocType webm), then a Segment whose Info says 90.5 s at 1 ms ticks. */
function webm(durationMs: number): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], ebml([0x42, 0x82], Buffer.from("webm")));
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(durationMs);
  const scale = Buffer.from([0x0f, 0x42, 0x40]); // 1,000,000 ns
  const info = ebml(
    [0x15, 0x49, 0xa9, 0x66],
    Buffer.concat([ebml([0x2a, 0xd7, 0xb1], scale), ebml([0x44, 0x89], duration)]),
  );
  const segment = ebml([0x18, 0x53, 0x80, 0x67], Buffer.concat([ebml([0xec], Buffer.alloc(16)), info]));
  return Buffer.concat([header, segment]);
}

async function durationOf(bytes: Buffer, mimeType: string): Promise<number | null> {
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "p92-video-")), "v");
  await fs.writeFile(file, bytes);
  const handle = await fs.open(file, "r");
  try {
    return await videoDuration(handle, mimeType, bytes.length);
  } finally {
    await handle.close();
    await fs.rm(path.dirname(file), { recursive: true });
  }
}

describe("upload type from bytes", () => {
  it("recognises each photo format whatever the file is called", async () => {
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } });
    const cases: [Buffer, string][] = [
      [await base.clone().jpeg().toBuffer(), "image/jpeg"],
      [await base.clone().png().toBuffer(), "image/png"],
      [await base.clone().gif().toBuffer(), "image/gif"],
      [await base.clone().webp().toBuffer(), "image/webp"],
      [await base.clone().avif().toBuffer(), "image/avif"],
    ];
    for (const [bytes, mimeType] of cases) expect(sniff(bytes.subarray(0, 64))?.mimeType).toBe(mimeType);
  });

  it("recognises MP4, QuickTime and WebM and refuses anything else", () => {
    expect(sniff(mp4(1).subarray(0, 64))?.mimeType).toBe("video/mp4");
    const mov = Buffer.from(mp4(1));
    mov.write("qt  ", 8, "latin1");
    expect(sniff(mov.subarray(0, 64))?.mimeType).toBe("video/quicktime");
    expect(sniff(webm(1000).subarray(0, 64))?.mimeType).toBe("video/webm");
    expect(
      sniff(Buffer.from("%PDF-1.7 this is a document, not a picture, not a video".padEnd(64))),
    ).toBeNull();
    expect(sniff(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'></svg>".padEnd(64)))).toBeNull();
  });

  it("refuses an upload of fewer bytes than any signature instead of failing", () => {
    for (const length of [0, 1, 2, 3]) expect(sniff(Buffer.alloc(length, 0x1a))).toBeNull();
    expect(sniff(Buffer.from([0xff, 0xd8]))).toBeNull();
  });
});

describe("video duration from the container", () => {
  it("reads an MP4's mvhd", async () => {
    expect(await durationOf(mp4(12.5), "video/mp4")).toBe(12.5);
  });

  it("reads a WebM's Segment Info Duration with its TimecodeScale", async () => {
    expect(await durationOf(webm(90_500), "video/webm")).toBeCloseTo(90.5);
  });

  it("answers null when the container does not say", async () => {
    expect(
      await durationOf(Buffer.concat([mp4(1).subarray(0, 24), Buffer.alloc(100)]), "video/mp4"),
    ).toBeNull();
  });
});
