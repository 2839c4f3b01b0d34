import {
  blank,
  blankInFile,
  children,
  fullBoxVersion,
  only,
  parseBox,
  type Box,
  type Region,
} from "./mp4-boxes.ts";
import { chunkRanges, fragmentRanges, type ByteRange } from "./mp4-samples.ts";
import type { VideoFile } from "./video-file.ts";

/**
 * Boxes that carry metadata rather than media, wherever they sit in the containers walked:
 * `udta` (user data: QuickTime `©xyz` GPS, `©day`, camera make and model), `meta` (ISO metadata,
 * Apple's `keys`/`ilst` with `com.apple.quicktime.location.ISO6709`), `uuid` (vendor boxes, XMP
 * among them) and `prft` (§8.16.5, the wall-clock time a fragment was produced).
 */
const METADATA = new Set(["udta", "meta", "uuid", "prft"]);

/** The containers walked for metadata, and the containers each holds (§8.2–8.8 box tree). */
const INNER: Record<string, readonly string[]> = {
  moov: ["trak", "mvex"],
  trak: ["mdia", "edts"],
  mdia: ["minf"],
  minf: ["stbl"],
  moof: ["traf"],
  mvex: [],
  edts: [],
  stbl: [],
  traf: [],
};

/**
 * Handlers of timed metadata tracks (§12.3 `meta`; Google's camera motion `camm`), whose samples
 * carry what the camera sensed as it filmed: Apple's location and motion, GoPro's GPMF GPS,
 * DJI's flight data. Such a track becomes a `free` box and its samples are zeroed in `mdat`.
 */
const TIMED_METADATA = new Set(["meta", "camm"]);

/**
 * Top-level boxes walked at most. A fragmented file has two or three per fragment: even one
 * fragment per frame, 300 s at 60 frames a second, stays far below; a hostile file of 8-byte
 * boxes is refused after a fraction of a second of parsing.
 */
const MAX_TOP_LEVEL_BOXES = 250_000;

/**
 * Checks an MP4 or QuickTime file (ISO/IEC 14496-12, QuickTime File Format) and queues the
 * removal of its metadata: metadata boxes, the creation and modification times of the movie,
 * its tracks and their media, and timed metadata tracks with their samples. Answers the duration
 * in seconds the movie header states, or null.
 */
export async function checkMp4(file: VideoFile): Promise<number | null> {
  const top = await topLevelBoxes(file);
  const movies = top.filter((box) => box.type === "moov");
  if (movies.length !== 1) throw file.unreadable(`it has ${movies.length || "no"} movie boxes (moov)`);
  const mediaData = top.filter((box) => box.type === "mdat");
  if (mediaData.length === 0) throw file.unreadable("it has no media data box (mdat)");
  for (const box of top) if (METADATA.has(box.type)) blankInFile(file, box);

  const movie = await readBox(file, movies[0]!);
  const { duration, metadataTracks, samples, defaultSizes } = stripMovie(file, movie);
  file.write(movie.base, movie.bytes);

  for (const fragment of top.filter((box) => box.type === "moof")) {
    const region = await readBox(file, fragment);
    if (metadataTracks.size > 0)
      fragmentRanges(file, region, fragment, metadataTracks, defaultSizes, samples);
    // Fragments are many: their few metadata boxes are blanked in the file, not written back whole.
    stripMetadata(file, region, fragment, (box) => blankInFile(file, box));
  }
  zeroSamples(file, samples, mediaData);
  return duration;
}

async function topLevelBoxes(file: VideoFile): Promise<Box[]> {
  const boxes: Box[] = [];
  let at = 0;
  while (at < file.size) {
    const head = await file.peek(at, 16);
    if (file.size - at < 8 && head.every((b) => b === 0)) break;
    if (boxes.length === MAX_TOP_LEVEL_BOXES) throw file.unreadable("it has too many boxes");
    const box = parseBox(file, head, at, file.size);
    boxes.push(box);
    at = box.end;
  }
  return boxes;
}

async function readBox(file: VideoFile, box: Box): Promise<Region> {
  const what = `${box.type} box`;
  return { bytes: await file.readWhole(box.start, box.end - box.start, what), base: box.start };
}

/** Checks the movie box and strips it in memory (§8.2.1 moov). */
function stripMovie(file: VideoFile, movie: Region) {
  const moov = parseBox(file, movie.bytes.subarray(0, 16), movie.base, movie.base + movie.bytes.length);
  const boxes = children(file, movie, moov);
  const mvhd = only(file, boxes, "mvhd", "the movie box");
  // mvhd (§8.2.2): version 1 has 64-bit times and duration, version 0 32-bit ones.
  const version = fullBoxVersion(file, movie, mvhd, [100, 112]);
  const at = mvhd.payload - movie.base;
  const timescale = movie.bytes.readUInt32BE(at + (version ? 20 : 12));
  const stated = version ? movie.bytes.readBigUInt64BE(at + 24) : BigInt(movie.bytes.readUInt32BE(at + 16));
  // All ones means the duration is not known (§8.2.2.3).
  let duration = stated === (version ? 0xffffffffffffffffn : 0xffffffffn) ? null : Number(stated);
  zeroTimes(movie, mvhd, version);

  const tracks = boxes.filter((box) => box.type === "trak");
  if (tracks.length === 0) throw file.unreadable("the movie box has no track (trak)");
  const metadataTracks = new Set<number>();
  const samples: ByteRange[] = [];
  for (const trak of tracks) {
    const id = stripTrack(file, movie, trak, samples);
    if (id !== null) metadataTracks.add(id);
  }
  if (metadataTracks.size === tracks.length) throw file.unreadable("it has no track but metadata");

  const mvex = boxes.find((box) => box.type === "mvex");
  const fragments = mvex ? movieExtends(file, movie, mvex) : null;
  // A fragmented movie may state 0 in mvhd and its whole length in mehd (§8.8.2); one stating
  // neither does not say how long it is.
  if (fragments && !duration) duration = fragments.duration || null;
  stripMetadata(file, movie, moov, (box) => blank(movie, box));
  return {
    duration: timescale > 0 && duration !== null ? duration / timescale : null,
    metadataTracks,
    samples,
    defaultSizes: fragments?.defaultSizes ?? new Map<number, number>(),
  };
}

/**
 * Checks a track and zeroes its times (tkhd §8.3.2, mdhd §8.4.2). A timed metadata track is
 * blanked whole instead, its samples are added to `samples` to be zeroed too, and its id answered.
 */
function stripTrack(file: VideoFile, movie: Region, trak: Box, samples: ByteRange[]): number | null {
  const boxes = children(file, movie, trak);
  const tkhd = only(file, boxes, "tkhd", "a track");
  const tkhdVersion = fullBoxVersion(file, movie, tkhd, [84, 96]);
  const media = children(file, movie, only(file, boxes, "mdia", "a track"));
  const mdhd = only(file, media, "mdhd", "a track's media box");
  const mdhdVersion = fullBoxVersion(file, movie, mdhd, [24, 36]);
  const hdlr = only(file, media, "hdlr", "a track's media box");
  if (hdlr.end - hdlr.payload < 12) throw file.unreadable("a track's handler box (hdlr) is cut short");
  // hdlr (§8.4.3): version and flags, pre_defined (QuickTime's component type), handler_type.
  const handlerAt = hdlr.payload - movie.base + 8;
  if (!TIMED_METADATA.has(movie.bytes.toString("latin1", handlerAt, handlerAt + 4))) {
    zeroTimes(movie, tkhd, tkhdVersion);
    zeroTimes(movie, mdhd, mdhdVersion);
    return null;
  }
  const id = movie.bytes.readUInt32BE(tkhd.payload - movie.base + (tkhdVersion ? 20 : 12));
  const minf = media.find((box) => box.type === "minf");
  const stbl = minf && children(file, movie, minf).find((box) => box.type === "stbl");
  if (stbl) chunkRanges(file, movie, stbl, samples);
  blank(movie, trak);
  return id;
}

/** The movie extends box (§8.8.1): the whole duration from mehd, default sample sizes from trex. */
function movieExtends(file: VideoFile, movie: Region, mvex: Box) {
  const boxes = children(file, movie, mvex);
  const mehd = boxes.find((box) => box.type === "mehd");
  let duration = 0;
  if (mehd) {
    const at = mehd.payload - movie.base + 4;
    duration = fullBoxVersion(file, movie, mehd, [8, 12])
      ? Number(movie.bytes.readBigUInt64BE(at))
      : movie.bytes.readUInt32BE(at);
  }
  const defaultSizes = new Map<number, number>();
  for (const trex of boxes.filter((box) => box.type === "trex")) {
    if (trex.end - trex.payload < 24) throw file.unreadable("the trex box is cut short");
    const at = trex.payload - movie.base;
    defaultSizes.set(movie.bytes.readUInt32BE(at + 4), movie.bytes.readUInt32BE(at + 16));
  }
  return { duration, defaultSizes };
}

/** Zeroes the creation and modification times that open mvhd, tkhd and mdhd (§8.2.2, 8.3.2, 8.4.2). */
function zeroTimes(region: Region, box: Box, version: 0 | 1): void {
  const at = box.payload - region.base + 4;
  region.bytes.fill(0, at, at + (version ? 16 : 8));
}

/** Blanks the metadata boxes in a container and in the containers it holds. */
function stripMetadata(file: VideoFile, region: Region, container: Box, blankBox: (box: Box) => void): void {
  for (const box of children(file, region, container)) {
    if (METADATA.has(box.type)) blankBox(box);
    else if (INNER[container.type]?.includes(box.type)) stripMetadata(file, region, box, blankBox);
  }
}

/**
 * Queues zeros over the samples of timed metadata tracks. Each run must lie inside a media data
 * box: zeroing anything else could break the file, and samples elsewhere are not a camera's.
 */
function zeroSamples(file: VideoFile, samples: ByteRange[], mediaData: Box[]): void {
  for (const { at, length } of samples) {
    if (length === 0) continue;
    // Media data boxes are in file order: the one that can hold `at` is the last starting before it.
    let low = 0;
    let high = mediaData.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (mediaData[middle]!.payload <= at) low = middle;
      else high = middle - 1;
    }
    const mdat = mediaData[low]!;
    if (at < mdat.payload || at + length > mdat.end) {
      throw file.unreadable(`a metadata track's samples at byte ${at} lie outside the media data`);
    }
    file.zero(at, length);
  }
}
