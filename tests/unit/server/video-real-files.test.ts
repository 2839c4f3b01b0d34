import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { check, contains, refusal, type VideoType } from "./video-helpers.ts";

const fixture = (name: string) => fs.readFile(new URL(`../../fixtures/video/${name}`, import.meta.url));

/**
 * What ffmpeg was told to write into each file (tests/fixtures/video/README.md), as it shows in
 * the bytes: QuickTime keeps the location as ISO 6709 text and the date as text; MP4 keeps the
 * location in a 3GPP `loci` box of binary coordinates and the date only in its binary headers.
 */
const WRITTEN = {
  mov: ["+48.8584+002.2945", "Birthday", "JaneDoe", "2025-11-27", "loci"],
  mp4: ["Birthday", "JaneDoe", "loci"],
};

/** The payload of the file's top-level mdat box. */
function mediaData(bytes: Buffer): Buffer {
  for (let at = 0; at + 8 <= bytes.length; at += bytes.readUInt32BE(at)) {
    if (bytes.toString("latin1", at + 4, at + 8) === "mdat")
      return bytes.subarray(at + 8, at + bytes.readUInt32BE(at));
  }
  throw new Error("no mdat");
}

describe("metadata removed from files real muxers wrote", () => {
  for (const [name, mimeType, written] of [
    ["ffmpeg-location.mov", "video/quicktime", WRITTEN.mov],
    ["ffmpeg-faststart.mp4", "video/mp4", WRITTEN.mp4],
  ] as [string, VideoType, string[]][]) {
    it(`strips the metadata ffmpeg wrote into ${name} and leaves its media data as it was`, async () => {
      const original = await fixture(name);
      expect(written.every((text) => contains(original, text))).toBe(true);
      const { duration, stored } = await check(original, mimeType);
      expect(duration).toBe(1);
      for (const text of written) expect(contains(stored, text), text).toBe(false);
      expect(stored.length).toBe(original.length);
      expect(mediaData(stored).equals(mediaData(original))).toBe(true);
    });
  }

  it("voids the Tags and DateUTC of a WebM ffmpeg wrote and leaves its Clusters and Cues as they were", async () => {
    const original = await fixture("ffmpeg-tags.webm");
    const { duration, stored } = await check(original, "video/webm");
    expect(duration).toBeCloseTo(1.008);
    for (const text of WRITTEN.mov.slice(0, 3))
      expect(contains(original, text) && !contains(stored, text), text).toBe(true);
    const clusters = original.indexOf(Buffer.from("1f43b675", "hex"));
    expect(clusters).toBeGreaterThan(0);
    expect(stored.subarray(clusters).equals(original.subarray(clusters))).toBe(true);
  });

  it("accepts a fragmented MP4 recorded by Chrome's MediaRecorder, with its duration", async () => {
    const { duration } = await check(await fixture("chrome-mediarecorder.mp4"), "video/mp4");
    expect(duration).toBeCloseTo(1.473);
  });

  it("refuses a WebM recorded by Chrome's MediaRecorder for not stating its duration, not as unreadable", async () => {
    const failure = await refusal(await fixture("chrome-mediarecorder.webm"), "video/webm");
    expect(failure.code).toBe("unknown_duration");
  });
});
