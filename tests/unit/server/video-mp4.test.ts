import { describe, expect, it } from "vitest";
import {
  appleMetadata,
  FILMED_AT,
  mp4,
  movWithLocation,
  quickTimeLocation,
} from "../../e2e/server/media-fixtures.ts";
import { box, fullBox, movie, u32, videoSamples, type MovieSpec } from "../../e2e/server/mp4-fixtures.ts";
import { check, contains, refusal } from "./video-helpers.ts";
import { find, within } from "./mp4-boxes.ts";

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
