import type { Page } from "@playwright/test";

/**
 * A real, decodable WebM of any stated length, made in a fraction of a second: one VP8 frame
 * encoded by the browser's own WebCodecs encoder, shown at the start and again at the end, in a
 * container whose Info states the duration. Browsers read a video's length from that header.
 */
export async function webmLasting(page: Page, seconds: number): Promise<Buffer> {
  const frame = Buffer.from(await vp8KeyFrame(page));
  const ms = Math.round(seconds * 1000);
  const block = (timecode: number) =>
    element("1F43B675", [
      element("E7", uint(timecode)),
      // SimpleBlock: track 1, timecode 0 relative to its cluster, keyframe flag, the frame.
      element("A3", Buffer.concat([Buffer.from([0x81, 0, 0, 0x80]), frame])),
    ]);
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(ms);
  return Buffer.concat([
    element("1A45DFA3", [
      element("4286", uint(1)),
      element("42F7", uint(1)),
      element("42F2", uint(4)),
      element("42F3", uint(8)),
      element("4282", Buffer.from("webm")),
      element("4287", uint(2)),
      element("4285", uint(2)),
    ]),
    element("18538067", [
      element("1549A966", [element("2AD7B1", uint(1_000_000)), element("4489", duration)]),
      element("1654AE6B", [
        element("AE", [
          element("D7", uint(1)),
          element("73C5", uint(1)),
          element("83", uint(1)),
          element("86", Buffer.from("V_VP8")),
          element("E0", [element("B0", uint(16)), element("BA", uint(16))]),
        ]),
      ]),
      block(0),
      block(ms),
    ]),
  ]);
}

/** An EBML element: its id, its size as the shortest variable-length integer, its content. */
function element(id: string, content: Buffer | Buffer[]): Buffer {
  const body = Array.isArray(content) ? Buffer.concat(content) : content;
  let width = 1;
  while (body.length >= 2 ** (7 * width) - 1) width++;
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(body.length));
  const vint = size.subarray(8 - width);
  vint[0]! |= 0x80 >> (width - 1);
  return Buffer.concat([Buffer.from(id, "hex"), vint, body]);
}

function uint(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  const first = bytes.findIndex((b) => b !== 0);
  return bytes.subarray(first === -1 ? 7 : first);
}

/** One 16×16 VP8 key frame from the page's WebCodecs encoder. */
function vp8KeyFrame(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const chunks: EncodedVideoChunk[] = [];
    const encoder = new VideoEncoder({
      output: (chunk) => chunks.push(chunk),
      error: (error) => {
        throw error;
      },
    });
    encoder.configure({ codec: "vp8", width: 16, height: 16 });
    const canvas = new OffscreenCanvas(16, 16);
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#36c";
    context.fillRect(0, 0, 16, 16);
    const frame = new VideoFrame(canvas, { timestamp: 0 });
    encoder.encode(frame, { keyFrame: true });
    frame.close();
    await encoder.flush();
    encoder.close();
    const bytes = new Uint8Array(chunks[0]!.byteLength);
    chunks[0]!.copyTo(bytes);
    return [...bytes];
  });
}
