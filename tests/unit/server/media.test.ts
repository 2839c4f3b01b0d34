import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sniff } from "../../../site/server/media/sniff.ts";
import { mp4 } from "../../e2e/server/media-fixtures.ts";
import { webm } from "./webm-fixtures.ts";

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
