import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../../../site/server/http/errors.ts";
import { checkVideo } from "../../../site/server/media/video.ts";
import {
  appleMetadata,
  FILMED_AT,
  mp4,
  movWithLocation,
  quickTimeLocation,
} from "../../e2e/server/media-fixtures.ts";
import { box, fullBox, movie, u32, videoSamples, type MovieSpec } from "../../e2e/server/mp4-fixtures.ts";
import { check, contains, expectAnsweredCleanly, random, refusal } from "./video-helpers.ts";

interface Found {
  type: string;
  start: number;
  payload: number;
  end: number;
}

/** The boxes at `types`, a path, inside `parent` or from the top level; read independently of the code under test. */
function find(bytes: Buffer, ...types: string[]): Found[] {
  return within(bytes, { type: "", start: 0, payload: 0, end: bytes.length }, ...types);
}

function within(bytes: Buffer, parent: Found, ...types: string[]): Found[] {
  const found: Found[] = [];
  for (let at = parent.payload; at + 8 <= parent.end;) {
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1) [size, header] = [Number(bytes.readBigUInt64BE(at + 8)), 16];
    if (size === 0) size = parent.end - at;
    const box = {
      type: bytes.toString("latin1", at + 4, at + 8),
      start: at,
      payload: at + header,
      end: at + size,
    };
    if (box.type === types[0])
      found.push(...(types.length === 1 ? [box] : within(bytes, box, ...types.slice(1))));
    at += size;
  }
  return found;
}

/** Each track's chunk offsets, from its stco or co64. */
function chunkOffsets(bytes: Buffer): number[][] {
  return find(bytes, "moov", "trak").map((trak) => {
    const stbl = within(bytes, trak, "mdia", "minf", "stbl")[0]!;
    const table = [...within(bytes, stbl, "stco"), ...within(bytes, stbl, "co64")][0]!;
    const count = bytes.readUInt32BE(table.payload + 4);
    return Array.from({ length: count }, (_, i) =>
      table.type === "co64"
        ? Number(bytes.readBigUInt64BE(table.payload + 8 + i * 8))
        : bytes.readUInt32BE(table.payload + 8 + i * 4),
    );
  });
}

/** The stco box of the file's second track. */
const secondStco = (bytes: Buffer) =>
  within(bytes, find(bytes, "moov", "trak")[1]!, "mdia", "minf", "stbl", "stco")[0]!;

/** The creation and modification times of mvhd, each tkhd and each mdhd. */
function headerTimes(bytes: Buffer): bigint[] {
  const boxes = [
    ...find(bytes, "moov", "mvhd"),
    ...find(bytes, "moov", "trak", "tkhd"),
    ...find(bytes, "moov", "trak", "mdia", "mdhd"),
  ];
  return boxes.flatMap((box) =>
    bytes[box.payload] === 1
      ? [bytes.readBigUInt64BE(box.payload + 4), bytes.readBigUInt64BE(box.payload + 12)]
      : [BigInt(bytes.readUInt32BE(box.payload + 4)), BigInt(bytes.readUInt32BE(box.payload + 8))],
  );
}

const SAMPLES = videoSamples(6000);

/** Asserts that each chunk of the video track still sits at its offset with the same bytes. */
function expectSamplesInPlace(original: Buffer, stored: Buffer): void {
  const offsets = chunkOffsets(stored)[0]!;
  expect(offsets).toEqual(chunkOffsets(original)[0]);
  offsets.forEach((offset, i) => {
    const chunk = Buffer.concat(SAMPLES.slice(i * 2, i * 2 + 2));
    expect(stored.subarray(offset, offset + chunk.length).equals(chunk)).toBe(true);
  });
}

const withMetadata = (spec: Partial<MovieSpec>): Buffer =>
  movie({
    seconds: 4,
    createdAt: 3_847_000_000,
    tracks: [
      { handler: "vide", samples: SAMPLES, extra: [box("udta", box("name", Buffer.from("Holiday")))] },
    ],
    movieExtra: [box("udta", quickTimeLocation(FILMED_AT))],
    ...spec,
  });

describe("metadata removed from MP4 and QuickTime files", () => {
  it("removes the ©xyz location and Apple's location keys from a QuickTime file and keeps its samples where they were", async () => {
    const original = movWithLocation(3);
    expect(contains(original, FILMED_AT)).toBe(true);
    const { duration, stored } = await check(original, "video/quicktime");
    expect(duration).toBe(3);
    expect(stored.length).toBe(original.length);
    for (const text of [FILMED_AT, "\xa9xyz", "com.apple.quicktime", "iPhone 15", "2026-11-30"]) {
      expect(contains(stored, text), text).toBe(false);
    }
    expectSamplesInPlace(original, stored);
    // Where udta and meta were, free boxes of the same sizes.
    const [udta, meta] = [find(original, "moov", "udta")[0]!, find(original, "moov", "meta")[0]!];
    for (const { start, end } of [udta, meta]) {
      expect(stored.toString("latin1", start + 4, start + 8)).toBe("free");
      expect(stored.readUInt32BE(start)).toBe(end - start);
      expect(stored.subarray(start + 8, end).every((b) => b === 0)).toBe(true);
    }
  });

  it("turns a timed metadata track into a free box and zeroes its location samples in mdat", async () => {
    const original = movWithLocation();
    const [, metaTrack] = find(original, "moov", "trak");
    const sampleOffsets = chunkOffsets(original)[1]!;
    const { stored } = await check(original, "video/quicktime");
    expect(find(stored, "moov", "trak")).toHaveLength(1);
    expect(stored.toString("latin1", metaTrack!.start + 4, metaTrack!.start + 8)).toBe("free");
    for (const offset of sampleOffsets) {
      expect(stored.subarray(offset, offset + FILMED_AT.length).every((b) => b === 0)).toBe(true);
    }
  });

  it("removes an XMP uuid box at the top level of an MP4", async () => {
    const xmp = Buffer.from('<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.5N"/></x:xmpmeta>');
    const uuid = box("uuid", Buffer.from("be7acfcb97a942e89c71999491e3afac", "hex"), xmp);
    const original = withMetadata({ fileExtra: [uuid] });
    const { stored } = await check(original, "video/mp4");
    expect(contains(stored, "GPSLatitude")).toBe(false);
    const [free] = find(stored, "free");
    expect(free).toMatchObject({
      start: find(original, "uuid")[0]!.start,
      end: find(original, "uuid")[0]!.end,
    });
    expect(stored.subarray(free!.payload, free!.end).every((b) => b === 0)).toBe(true);
    expectSamplesInPlace(original, stored);
  });

  it("keeps the chunk offsets of a faststart file (moov before mdat) pointing at unchanged samples", async () => {
    const original = withMetadata({ layout: "moov-first" });
    expect(find(original, "moov")[0]!.start).toBeLessThan(find(original, "mdat")[0]!.start);
    const { stored } = await check(original, "video/mp4");
    expect(contains(stored, FILMED_AT) || contains(stored, "Holiday")).toBe(false);
    expectSamplesInPlace(original, stored);
  });

  it("keeps the chunk offsets of a camera file (moov after mdat) pointing at unchanged samples", async () => {
    const original = withMetadata({ layout: "mdat-first" });
    expect(find(original, "moov")[0]!.start).toBeGreaterThan(find(original, "mdat")[0]!.start);
    const { stored } = await check(original, "video/mp4");
    expect(contains(stored, FILMED_AT) || contains(stored, "Holiday")).toBe(false);
    expect(
      stored
        .subarray(0, find(original, "moov")[0]!.start)
        .equals(original.subarray(0, find(original, "moov")[0]!.start)),
    ).toBe(true);
    expectSamplesInPlace(original, stored);
  });

  it("strips a file with 64-bit chunk offsets (co64), a 64-bit mdat size and version 1 headers", async () => {
    const original = withMetadata({ wide: true, version: 1, layout: "mdat-first" });
    expect(find(original, "moov", "trak", "mdia", "minf", "stbl", "co64")).toHaveLength(1);
    const { duration, stored } = await check(original, "video/mp4");
    expect(duration).toBe(4);
    expect(contains(stored, FILMED_AT)).toBe(false);
    expect(headerTimes(stored).every((time) => time === 0n)).toBe(true);
    expectSamplesInPlace(original, stored);
  });

  it("zeroes the creation and modification times of the movie, its tracks and their media", async () => {
    for (const version of [0, 1] as const) {
      const original = withMetadata({ version });
      expect(headerTimes(original)).toEqual(Array(6).fill(3_847_000_000n));
      const { stored } = await check(original, "video/mp4");
      expect(headerTimes(stored)).toEqual(Array(6).fill(0n));
    }
  });

  it("strips Apple's metadata from a track's own meta box too", async () => {
    const original = withMetadata({
      tracks: [{ handler: "vide", samples: SAMPLES, extra: [appleMetadata(FILMED_AT)] }],
      movieExtra: [],
    });
    const { stored } = await check(original, "video/mp4");
    expect(contains(stored, FILMED_AT)).toBe(false);
    expectSamplesInPlace(original, stored);
  });

  it("leaves a file without metadata byte for byte as it was", async () => {
    const original = mp4(12.5);
    const { duration, stored } = await check(original, "video/mp4");
    expect(duration).toBe(12.5);
    expect(stored.equals(original)).toBe(true);
  });
});

/** A fragmented MP4: an empty movie, then one fragment with two video samples and a location sample. */
function fragmented(options: { mehdMs?: number; prft?: boolean } = {}) {
  const video = [Buffer.alloc(300, 7), Buffer.alloc(200, 8)];
  const location = Buffer.from(FILMED_AT);
  const mvex = box(
    "mvex",
    ...(options.mehdMs ? [fullBox("mehd", 0, 0, u32(options.mehdMs))] : []),
    fullBox("trex", 0, 0, u32(1, 1, 0, 0, 0)),
    fullBox("trex", 0, 0, u32(2, 1, 0, 0, 0)),
  );
  const init = movie({
    seconds: 0,
    tracks: [
      { handler: "vide", samples: [] },
      { handler: "meta", samples: [] },
    ],
    movieExtra: [mvex],
  });
  // trun flags 0x201: data offset, then a size per sample; tfhd 0x20000: default-base-is-moof.
  const moof = (videoOffset: number, locationOffset: number) =>
    box(
      "moof",
      fullBox("mfhd", 0, 0, u32(1)),
      box(
        "traf",
        fullBox("tfhd", 0, 0x20000, u32(1)),
        fullBox("trun", 0, 0x201, u32(2, videoOffset, 300, 200)),
      ),
      box(
        "traf",
        fullBox("tfhd", 0, 0x20000, u32(2)),
        fullBox("trun", 0, 0x201, u32(1, locationOffset, location.length)),
      ),
      box("udta", box("\xa9xyz", Buffer.from(FILMED_AT))),
    );
  const moofLength = moof(0, 0).length;
  const prft = options.prft ? [fullBox("prft", 0, 0, u32(1), u32(0xe8f0a1b2, 0x12345678), u32(0))] : [];
  const bytes = Buffer.concat([
    init,
    ...prft,
    moof(moofLength + 8, moofLength + 8 + 500),
    box("mdat", ...video, location),
  ]);
  return { bytes, video: Buffer.concat(video), videoAt: bytes.length - location.length - 500 };
}

describe("metadata removed from fragmented MP4 files", () => {
  it("zeroes a metadata track's samples in a movie fragment and keeps the video's", async () => {
    const { bytes, video, videoAt } = fragmented({ mehdMs: 2000, prft: true });
    const { duration, stored } = await check(bytes, "video/mp4");
    expect(duration).toBe(2);
    expect(contains(stored, FILMED_AT)).toBe(false);
    expect(find(stored, "prft")).toHaveLength(0);
    expect(stored.subarray(videoAt, videoAt + video.length).equals(video)).toBe(true);
    expect(stored.length).toBe(bytes.length);
  });

  it("refuses a fragmented file that states its duration neither in mvhd nor in mehd", async () => {
    expect((await refusal(fragmented().bytes, "video/mp4")).code).toBe("unknown_duration");
  });
});

describe("video duration from the movie header", () => {
  it("reads an MP4's mvhd, version 0 and version 1", async () => {
    expect((await check(mp4(12.5), "video/mp4")).duration).toBe(12.5);
    const long = movie({ seconds: 7.25, version: 1, tracks: [{ handler: "vide", samples: SAMPLES }] });
    expect((await check(long, "video/mp4")).duration).toBe(7.25);
  });

  it("refuses a movie whose mvhd has no timescale or an all-ones duration as not stating its duration", async () => {
    const noTimescale = mp4(3);
    noTimescale.writeUInt32BE(0, find(noTimescale, "moov", "mvhd")[0]!.payload + 12);
    expect((await refusal(noTimescale, "video/mp4")).code).toBe("unknown_duration");
    const unknown = mp4(3);
    unknown.writeUInt32BE(0xffffffff, find(unknown, "moov", "mvhd")[0]!.payload + 16);
    expect((await refusal(unknown, "video/mp4")).code).toBe("unknown_duration");
  });
});

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
