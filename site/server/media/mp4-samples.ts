import { children, type Box, type Region } from "./mp4-boxes.ts";
import type { VideoFile } from "./video-file.ts";

/** Where a run of sample bytes lies in the file. */
export interface ByteRange {
  at: number;
  length: number;
}

/** Sample runs of metadata tracks collected at most, bounding the memory and writes a hostile table can ask. */
const MAX_RANGES = 1_000_000;

function add(file: VideoFile, ranges: ByteRange[], range: ByteRange): void {
  if (ranges.length === MAX_RANGES) throw file.unreadable("its metadata tracks have too many samples");
  ranges.push(range);
}

/**
 * A table in a full box: `count` entries of `entryBytes` from `first`. The count is checked
 * against the box's real size, so a hostile count of 2³² entries is refused before any loop.
 */
function table(file: VideoFile, region: Region, box: Box, countAt: number, entryBytes: number) {
  const payload = box.payload - region.base;
  if (box.end - box.payload < countAt + 4) throw file.unreadable(`the ${box.type} box is cut short`);
  const count = region.bytes.readUInt32BE(payload + countAt);
  const first = payload + countAt + 4;
  if (count * entryBytes > box.end - region.base - first) {
    throw file.unreadable(`the ${box.type} box holds fewer than its ${count} entries`);
  }
  return { count, first };
}

/** The size of each sample, from `stsz` or the compact `stz2` (§8.7.3). */
function sampleSizes(file: VideoFile, region: Region, box: Box) {
  const { bytes } = region;
  if (box.type === "stsz") {
    if (box.end - box.payload < 12) throw file.unreadable("the stsz box is cut short");
    const constant = bytes.readUInt32BE(box.payload - region.base + 4);
    // Every sample the same size: the count is not backed by a table, so it must never drive a
    // loop (a hostile 2³² would hold the event loop for minutes); chunk lengths are multiplied.
    if (constant > 0)
      return { count: bytes.readUInt32BE(box.payload - region.base + 8), sizeOf: () => constant, constant };
    const { count, first } = table(file, region, box, 8, 4);
    return { count, sizeOf: (i: number) => bytes.readUInt32BE(first + i * 4), constant: 0 };
  }
  const fieldBits = bytes[box.payload - region.base + 7] ?? 0;
  if (![4, 8, 16].includes(fieldBits)) throw file.unreadable("the stz2 box has an unknown field size");
  const { count, first } = table(file, region, box, 8, fieldBits / 8);
  const sizeOf = (i: number) =>
    fieldBits === 16
      ? bytes.readUInt16BE(first + i * 2)
      : fieldBits === 8
        ? bytes[first + i]!
        : (bytes[first + (i >> 1)]! >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
  return { count, sizeOf, constant: 0 };
}

/**
 * Adds to `ranges` the byte ranges of a track's chunks, from its sample table: chunk offsets from `stco`/`co64`
 * (§8.7.5), samples per chunk from `stsc` (§8.7.4), sample sizes from `stsz`/`stz2` (§8.7.3).
 */
export function chunkRanges(file: VideoFile, region: Region, stbl: Box, ranges: ByteRange[]): void {
  const boxes = children(file, region, stbl);
  const find = (...types: string[]) => boxes.find((box) => types.includes(box.type));
  const offsetsBox = find("stco", "co64");
  if (!offsetsBox) return;
  const stscBox = find("stsc");
  const sizesBox = find("stsz", "stz2");
  if (!stscBox || !sizesBox) throw file.unreadable("a track has chunk offsets but no sample table");
  const wide = offsetsBox.type === "co64";
  const offsets = table(file, region, offsetsBox, 4, wide ? 8 : 4);
  const stsc = table(file, region, stscBox, 4, 12);
  const sizes = sampleSizes(file, region, sizesBox);
  const { bytes } = region;
  const firstChunk = (entry: number) => bytes.readUInt32BE(stsc.first + entry * 12);
  let entry = 0;
  let sample = 0;
  for (let chunk = 1; chunk <= offsets.count; chunk++) {
    while (entry + 1 < stsc.count && firstChunk(entry + 1) <= chunk) entry++;
    if (stsc.count === 0 || firstChunk(entry) > chunk) {
      throw file.unreadable(`the sample-to-chunk table does not cover chunk ${chunk}`);
    }
    const perChunk = bytes.readUInt32BE(stsc.first + entry * 12 + 4);
    if (sample + perChunk > sizes.count)
      throw file.unreadable("a track's chunks hold more samples than it has");
    let length = perChunk * sizes.constant;
    // Here `perChunk` samples are backed by the size table, which was checked against its box.
    if (!sizes.constant) for (let i = 0; i < perChunk; i++) length += sizes.sizeOf(sample + i);
    sample += perChunk;
    const at = wide
      ? Number(bytes.readBigUInt64BE(offsets.first + (chunk - 1) * 8))
      : bytes.readUInt32BE(offsets.first + (chunk - 1) * 4);
    add(file, ranges, { at, length });
  }
}

/**
 * Adds to `ranges` the byte ranges of the samples of `tracks` in one movie fragment. Every run's position is
 * followed, since a track fragment without an explicit base starts where the previous one's data
 * ended (§8.8.7.1) and a run without a data offset where the previous run ended (§8.8.8.1).
 * `defaultSizes` are the `trex` default sample sizes by track id (§8.8.3).
 */
export function fragmentRanges(
  file: VideoFile,
  region: Region,
  moof: Box,
  tracks: ReadonlySet<number>,
  defaultSizes: ReadonlyMap<number, number>,
  ranges: ByteRange[],
): void {
  const { bytes } = region;
  const u32 = (at: number) => bytes.readUInt32BE(at - region.base);
  let dataEnd = moof.start;
  for (const traf of children(file, region, moof).filter((box) => box.type === "traf")) {
    const boxes = children(file, region, traf);
    const tfhd = boxes.find((box) => box.type === "tfhd");
    if (!tfhd || tfhd.end - tfhd.payload < 8) throw file.unreadable("a track fragment has no tfhd box");
    const flags = u32(tfhd.payload) & 0xffffff;
    const track = u32(tfhd.payload + 4);
    const fields = [0x1, 0x2, 0x8, 0x10, 0x20].filter((flag) => flags & flag);
    const fieldsEnd = tfhd.payload + 8 + fields.length * 4 + (flags & 0x1 ? 4 : 0);
    if (tfhd.end < fieldsEnd) throw file.unreadable("the tfhd box is cut short");
    let base = flags & 0x20000 ? moof.start : dataEnd;
    if (flags & 0x1) base = Number(bytes.readBigUInt64BE(tfhd.payload + 8 - region.base));
    let defaultSize = defaultSizes.get(track) ?? 0;
    if (flags & 0x10)
      defaultSize = u32(
        tfhd.payload + 8 + (flags & 0x1 ? 8 : 0) + (flags & 0x2 ? 4 : 0) + (flags & 0x8 ? 4 : 0),
      );
    dataEnd = base;
    for (const trun of boxes.filter((box) => box.type === "trun")) {
      if (trun.end - trun.payload < 8) throw file.unreadable("the trun box is cut short");
      const runFlags = u32(trun.payload) & 0xffffff;
      const count = u32(trun.payload + 4);
      let at = trun.payload + 8;
      const start = runFlags & 0x1 ? base + bytes.readInt32BE(at - region.base) : dataEnd;
      at += (runFlags & 0x1 ? 4 : 0) + (runFlags & 0x4 ? 4 : 0);
      const perSample = [0x100, 0x200, 0x400, 0x800].filter((flag) => runFlags & flag).length * 4;
      if (count * perSample > trun.end - at)
        throw file.unreadable("the trun box holds fewer than its samples");
      const sizeAt = runFlags & 0x100 ? 4 : 0;
      let length = 0;
      if (runFlags & 0x200) for (let i = 0; i < count; i++) length += u32(at + i * perSample + sizeAt);
      else length = count * defaultSize;
      if (tracks.has(track)) add(file, ranges, { at: start, length });
      dataEnd = start + length;
    }
  }
}
