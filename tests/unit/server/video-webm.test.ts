import { describe, expect, it } from "vitest";
import { voidHeader } from "../../../site/server/media/ebml.ts";
import { FILMED_AT } from "../../e2e/server/media-fixtures.ts";
import { check, contains, expectAnsweredCleanly, random, refusal } from "./video-helpers.ts";
import {
  attachments,
  cluster,
  ebmlHeader,
  element,
  ID,
  info,
  tags,
  tracks,
  unknownSizeElement,
  webm,
  webmFile,
  withSeekHead,
} from "./webm-fixtures.ts";

const FRAMES = [Buffer.alloc(50, 0x11), Buffer.alloc(70, 0x22)];

/** The length of the Void element at `at`: its id, its size field and the size it states. */
function voidLength(bytes: Buffer, at: number): number {
  expect(bytes[at]).toBe(0xec);
  const width = Math.clz32(bytes[at + 1]!) - 23;
  let size = bytes[at + 1]! & (0xff >> width);
  for (let i = 1; i < width; i++) size = size * 256 + bytes[at + 1 + i]!;
  expect(bytes.subarray(at + 1 + width, at + 1 + width + size).every((b) => b === 0)).toBe(true);
  return 1 + width + size;
}

/** Asserts that each part is still at its place in `stored`, byte for byte. */
function expectInPlace(original: Buffer, stored: Buffer, ...parts: Buffer[]): void {
  for (const part of parts) {
    const at = original.indexOf(part);
    expect(at).toBeGreaterThan(0);
    expect(stored.subarray(at, at + part.length).equals(part)).toBe(true);
  }
}

const seekEntry = (id: number) =>
  Buffer.concat([Buffer.from([0x53, 0xab, 0x84]), element(id).subarray(0, 4)]);

describe("metadata removed from WebM files", () => {
  it("voids Tags, Attachments and Info's DateUTC and Title, and keeps every other byte where it was", async () => {
    const metadata = {
      tags: tags({ LOCATION: FILMED_AT, ENCODED_BY: "Jane Doe" }),
      attachments: attachments("cover.jpg", Buffer.from(`a picture taken at ${FILMED_AT}`)),
    };
    const clusters = [cluster(0, FRAMES), cluster(1000, FRAMES)];
    const children = withSeekHead(
      [
        info({ duration: 2000, date: 817_000_000_000_000_000n, title: "Birthday at 12 Rue Cler" }),
        tracks(),
        ...clusters,
        metadata.tags,
        metadata.attachments,
      ],
      [ID.INFO, ID.TRACKS, ID.CLUSTER, ID.TAGS, ID.ATTACHMENTS],
    );
    const original = webmFile(children);
    const { duration, stored } = await check(original, "video/webm");
    expect(duration).toBe(2);
    expect(stored.length).toBe(original.length);
    for (const text of [FILMED_AT, "Jane Doe", "cover.jpg", "Birthday"])
      expect(contains(stored, text), text).toBe(false);
    for (const removed of Object.values(metadata)) {
      expect(voidLength(stored, original.indexOf(removed))).toBe(removed.length);
    }
    expectInPlace(original, stored, ...clusters, tracks());
    // The SeekHead still finds Info, Tracks and the Cluster, and no longer points at what is gone.
    for (const id of [ID.INFO, ID.TRACKS, ID.CLUSTER]) expect(stored.includes(seekEntry(id))).toBe(true);
    for (const id of [ID.TAGS, ID.ATTACHMENTS]) expect(stored.includes(seekEntry(id))).toBe(false);
  });

  it("strips a file as MediaRecorder writes it: Segment and Clusters of unknown size, Tags after them", async () => {
    const clusters = [cluster(0, FRAMES, true), cluster(500, FRAMES, true)];
    const metadata = tags({ LOCATION: FILMED_AT });
    const original = webmFile(
      [info({ duration: 1500, date: 817_000_000_000_000_000n }), tracks(), ...clusters, metadata],
      "unknown",
    );
    const { duration, stored } = await check(original, "video/webm");
    expect(duration).toBe(1.5);
    expect(contains(stored, FILMED_AT)).toBe(false);
    expect(voidLength(stored, original.indexOf(metadata))).toBe(metadata.length);
    expectInPlace(original, stored, ...clusters);
  });

  it("strips Tags of a file whose last Cluster of unknown size runs to the end", async () => {
    const last = cluster(500, FRAMES, true);
    const metadata = tags({ LOCATION: FILMED_AT });
    const original = webmFile(
      [info({ duration: 1000 }), tracks(), metadata, cluster(0, FRAMES, true), last],
      "unknown",
    );
    const { stored } = await check(original, "video/webm");
    expect(contains(stored, FILMED_AT)).toBe(false);
    expectInPlace(original, stored, last);
  });

  it("leaves a file without metadata byte for byte as it was", async () => {
    const original = webm(4000);
    const { duration, stored } = await check(original, "video/webm");
    expect(duration).toBe(4);
    expect(stored.equals(original)).toBe(true);
  });

  it("replaces an element of any length, 2 bytes and up, by a Void of exactly that length", () => {
    for (const total of [2, 3, 4, 5, 8, 9, 10, 126, 127, 128, 129, 16_384, 2 ** 20, 2 ** 33]) {
      const header = voidHeader(total);
      const padded = Buffer.concat([header, Buffer.alloc(Math.min(total - header.length, 64))]);
      expect(header.length).toBeLessThanOrEqual(9);
      const width = Math.clz32(padded[1]!) - 23;
      let size = BigInt(padded[1]! & (0xff >> width));
      for (let i = 1; i < width; i++) size = size * 256n + BigInt(padded[1 + i]!);
      expect(padded[0]).toBe(0xec);
      expect(1 + width + Number(size)).toBe(total);
    }
  });
});

describe("video duration from WebM Info", () => {
  it("reads a WebM's Segment Info Duration with its TimestampScale", async () => {
    expect((await check(webm(90_500), "video/webm")).duration).toBeCloseTo(90.5);
    const tenthsOfMs = webmFile(
      [info({ duration: 12_345, scale: 100_000 }), tracks(), cluster(0, FRAMES)],
      "wide",
    );
    expect((await check(tenthsOfMs, "video/webm")).duration).toBeCloseTo(1.2345);
  });

  it("refuses a WebM that does not state its duration, as MediaRecorder writes them", async () => {
    const live = webmFile([info({ duration: null }), tracks(), cluster(0, FRAMES, true)], "unknown");
    expect((await refusal(live, "video/webm")).code).toBe("unknown_duration");
  });
});

describe("WebM files refused as unreadable", () => {
  const unreadable = async (bytes: Buffer, reason: RegExp) => {
    const failure = await refusal(bytes, "video/webm");
    expect(failure.code).toBe("unreadable_video");
    expect(failure.message).toMatch(reason);
  };
  const plain = (...without: number[]) =>
    [info({ duration: 1000 }), tracks(), cluster(0, FRAMES)].filter(
      (child) => !without.includes(child.readUInt32BE(0)),
    );

  it("refuses an EBML header followed by zeros", () =>
    unreadable(Buffer.concat([ebmlHeader(), Buffer.alloc(4096)]), /no element header at byte/));

  it("refuses a file that does not start with an EBML header", () =>
    unreadable(Buffer.concat([element(ID.SEGMENT, ...plain()), ebmlHeader()]), /EBML header/));

  it("refuses an EBML header naming another DocType", () =>
    unreadable(Buffer.concat([ebmlHeader("notwebm"), element(ID.SEGMENT, ...plain())]), /DocType/));

  it("refuses a file without a Segment", () =>
    unreadable(Buffer.concat([ebmlHeader(), element(ID.TRACKS)]), /no Segment/));

  it("refuses a Segment without Info, Tracks or any Cluster, or with two Infos", async () => {
    await unreadable(webmFile(plain(ID.INFO)), /no Info/);
    await unreadable(webmFile(plain(ID.TRACKS)), /no Tracks/);
    await unreadable(webmFile(plain(ID.CLUSTER)), /no Cluster/);
    await unreadable(webmFile([...plain(), info({ duration: 5 })]), /2 Info/);
  });

  it("refuses an element whose size runs past its Segment", () => {
    const file = webm(1000);
    return unreadable(file.subarray(0, file.length - 5), /runs past its parent/);
  });

  it("refuses an element other than a Segment or Cluster of unknown size", () =>
    unreadable(webmFile([...plain(), unknownSizeElement(ID.TAGS, element(0x7373))]), /unknown size/));

  it("refuses data after the Segment", () =>
    unreadable(Buffer.concat([webm(1000), element(ID.SEGMENT, ...plain())]), /more than one Segment/));

  it("answers every cut-off or corrupted file with a 422, never a crash", async () => {
    const original = webmFile(
      withSeekHead(
        [
          info({ duration: 2000, title: "x" }),
          tracks(),
          cluster(0, FRAMES, true),
          tags({ LOCATION: FILMED_AT }),
        ],
        [ID.INFO, ID.TAGS],
      ),
      "unknown",
    );
    for (let length = 0; length < original.length; length += 7) {
      await expectAnsweredCleanly(original.subarray(0, length), "video/webm");
    }
    const next = random(8794);
    for (let round = 0; round < 150; round++) {
      const corrupted = Buffer.from(original);
      for (let flips = 0; flips < 3; flips++)
        corrupted[Math.floor(next() * corrupted.length)] = Math.floor(next() * 256);
      await expectAnsweredCleanly(corrupted, "video/webm");
    }
  });
});
