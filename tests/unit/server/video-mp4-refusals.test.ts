import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { checkVideo } from "../../../site/server/media/video.ts";
import { FILMED_AT, mp4, movWithLocation } from "../../e2e/server/media-fixtures.ts";
import { box, movie, u32 } from "../../e2e/server/mp4-fixtures.ts";
import { expectAnsweredCleanly, random, refusal } from "./video-helpers.ts";
import { find, secondStco, within } from "./mp4-boxes.ts";

/** Replaces the box at `types` (a path) by `replacement`, fixing the sizes of its containers. */
function replaceBox(bytes: Buffer, types: string[], replacement: Buffer): Buffer {
  const target = find(bytes, ...types)[0]!;
  const result = Buffer.concat([bytes.subarray(0, target.start), replacement, bytes.subarray(target.end)]);
  const delta = replacement.length - (target.end - target.start);
  for (let depth = 1; depth < types.length; depth++) {
    const container = find(bytes, ...types.slice(0, depth))[0]!;
    result.writeUInt32BE(container.end - container.start + delta, container.start);
  }
  return result;
}

const ftyp = box("ftyp", Buffer.from("isom"), u32(0x200), Buffer.from("isommp41"));

describe("MP4 and QuickTime files refused as unreadable", () => {
  const unreadable = async (bytes: Buffer, reason: RegExp) => {
    const failure = await refusal(bytes, "video/mp4");
    expect(failure.code).toBe("unreadable_video");
    expect(failure.message).toMatch(reason);
  };

  it("refuses an ftyp followed by zeros", () =>
    unreadable(Buffer.concat([ftyp, Buffer.alloc(4096)]), /four-character type/));

  it("refuses a box whose size runs past the end of the file", () =>
    unreadable(mp4(1).subarray(0, mp4(1).length - 10), /runs past the end/));

  it("refuses a box type that is not four printable characters", () =>
    unreadable(
      Buffer.concat([ftyp, Buffer.from([0, 0, 0, 16, 1, 2, 3, 4]), Buffer.alloc(8)]),
      /four-character type/,
    ));

  it("refuses a box smaller than its own header", () =>
    unreadable(
      Buffer.concat([ftyp, u32(4), Buffer.from("free"), mp4(1).subarray(ftyp.length)]),
      /smaller than its header/,
    ));

  it("refuses a file without a movie box", () =>
    unreadable(Buffer.concat([ftyp, box("mdat", Buffer.alloc(100))]), /no movie boxes/));

  it("refuses a file with two movie boxes", () => {
    const one = mp4(1);
    const moov = find(one, "moov")[0]!;
    return unreadable(Buffer.concat([one, one.subarray(moov.start, moov.end)]), /2 movie boxes/);
  });

  it("refuses a movie box without mvhd", () =>
    unreadable(replaceBox(mp4(1), ["moov", "mvhd"], Buffer.alloc(0)), /no mvhd/));

  it("refuses a truncated mvhd", () => {
    const mvhd = find(mp4(1), "moov", "mvhd")[0]!;
    const cut = box("mvhd", mp4(1).subarray(mvhd.payload, mvhd.payload + 40));
    return unreadable(replaceBox(mp4(1), ["moov", "mvhd"], cut), /mvhd box .* is cut short/);
  });

  it("refuses a movie box without any track", () =>
    unreadable(replaceBox(mp4(1), ["moov", "trak"], Buffer.alloc(0)), /no track/));

  it("refuses a track without its header or media box", async () => {
    await unreadable(replaceBox(mp4(1), ["moov", "trak", "tkhd"], Buffer.alloc(0)), /no tkhd/);
    await unreadable(replaceBox(mp4(1), ["moov", "trak", "mdia", "hdlr"], Buffer.alloc(0)), /no hdlr/);
  });

  it("refuses a file without media data", () => {
    const one = mp4(1);
    return unreadable(one.subarray(0, find(one, "mdat")[0]!.start), /no media data/);
  });

  it("refuses a file holding nothing but a metadata track", () =>
    unreadable(
      movie({ seconds: 1, tracks: [{ handler: "meta", samples: [Buffer.from(FILMED_AT)] }] }),
      /no track but metadata/,
    ));

  it("refuses a metadata track whose tables count more entries than they hold", async () => {
    const original = movWithLocation();
    const stco = secondStco(original);
    const hostile = Buffer.from(original);
    hostile.writeUInt32BE(0xffffffff, stco.payload + 4);
    await unreadable(hostile, /holds fewer than its 4294967295 entries/);
  });

  it("refuses at once a metadata track claiming four billion samples of one byte each", async () => {
    const original = movWithLocation();
    const track = find(original, "moov", "trak")[1]!;
    const [stsz] = within(original, track, "mdia", "minf", "stbl", "stsz");
    const [stsc] = within(original, track, "mdia", "minf", "stbl", "stsc");
    const hostile = Buffer.from(original);
    // stsz: every sample 1 byte, 2³² − 1 of them; stsc: all of them in each chunk.
    hostile.writeUInt32BE(1, stsz!.payload + 4);
    hostile.writeUInt32BE(0xffffffff, stsz!.payload + 8);
    hostile.writeUInt32BE(0xffffffff, stsc!.payload + 8 + 4);
    const started = performance.now();
    await unreadable(hostile, /outside the media data|more samples than it has/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a metadata track whose samples point outside the media data", async () => {
    const original = movWithLocation();
    const stco = secondStco(original);
    const hostile = Buffer.from(original);
    hostile.writeUInt32BE(10, stco.payload + 8);
    await unreadable(hostile, /outside the media data/);
  });

  it("refuses tracks nested inside tracks instead of recursing into them", () => {
    const depth = 20_000;
    const nested = Buffer.alloc(8 * depth);
    for (let i = 0; i < depth; i++) {
      nested.writeUInt32BE(8 * (depth - i), i * 8);
      nested.write("trak", i * 8 + 4, "latin1");
    }
    return unreadable(replaceBox(mp4(1), ["moov", "trak"], nested), /no tkhd/);
  });

  it("refuses a movie box larger than it would read into memory, without reading it", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "p92-video-"));
    const file = path.join(dir, "upload");
    const size = 80 * 1024 * 1024;
    const head = Buffer.concat([
      ftyp,
      box("mdat", Buffer.alloc(8)),
      u32(size - ftyp.length - 16),
      Buffer.from("moov"),
    ]);
    await fs.writeFile(file, head);
    await fs.truncate(file, size); // sparse: nothing but the headers is on disk
    const failure = await checkVideo(file, "video/mp4", size).catch((error: unknown) => error);
    await fs.rm(dir, { recursive: true });
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ status: 422, code: "video_header_too_large" });
  });

  it("answers every cut-off or corrupted file with a 422, never a crash", async () => {
    const original = movWithLocation();
    for (let length = 0; length < original.length; length += 97) {
      await expectAnsweredCleanly(original.subarray(0, length), "video/quicktime");
    }
    const next = random(92);
    for (let round = 0; round < 150; round++) {
      const corrupted = Buffer.from(original);
      for (let flips = 0; flips < 4; flips++)
        corrupted[Math.floor(next() * corrupted.length)] = Math.floor(next() * 256);
      await expectAnsweredCleanly(corrupted, "video/quicktime");
    }
  });
});
