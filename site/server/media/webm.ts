import {
  childrenOf,
  elementAt,
  readUnsigned,
  voidIn,
  voidInFile,
  type Element,
  type Region,
} from "./ebml.ts";
import type { VideoFile } from "./video-file.ts";

// Element ids from RFC 8794 (EBML) and RFC 9559 (Matroska), which WebM uses a subset of.
const EBML = 0x1a45dfa3;
const DOC_TYPE = 0x4282;
const VOID = 0xec;
const SEGMENT = 0x18538067;
const SEEK_HEAD = 0x114d9b74;
const SEEK = 0x4dbb;
const SEEK_ID = 0x53ab;
const INFO = 0x1549a966;
const TIMESTAMP_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const DATE_UTC = 0x4461;
const TITLE = 0x7ba9;
const TRACKS = 0x1654ae6b;
const CLUSTER = 0x1f43b675;
const CUES = 0x1c53bb6b;
const CHAPTERS = 0x1043a770;
const ATTACHMENTS = 0x1941a469;
const TAGS = 0x1254c367;

/** The Segment's children (RFC 9559 §5.1) and the top-level ids: any of them ends an unknown-size Cluster. */
const LEVEL_1 = new Set([SEEK_HEAD, INFO, TRACKS, CLUSTER, CUES, CHAPTERS, ATTACHMENTS, TAGS, EBML, SEGMENT]);

/**
 * Removed whole: Tags (titles, dates, places, the encoder's user, any key a muxer writes, such as
 * ffmpeg's `location`) and Attachments (embedded files: cover pictures, fonts, anything).
 */
const REMOVED = new Set([TAGS, ATTACHMENTS]);

/** Removed from Info: the date the file was made and its title (RFC 9559 §5.1.2). */
const REMOVED_FROM_INFO = new Set([DATE_UTC, TITLE]);

/**
 * Elements walked at most, one by one: in the Segment, between the top-level elements and inside
 * unknown-size Clusters, whose ends are found only by walking their blocks. 300 s of 240 frames
 * and 100 audio packets a second is about 100,000 blocks; a file of 2-byte Void elements would
 * otherwise ask for 100 million awaited reads.
 */
const MAX_WALKED = 1_000_000;

type Sized = Element & { end: number };

/**
 * Checks a WebM file and queues the removal of its metadata: Tags and Attachments, the DateUTC
 * and Title of Info, and the SeekHead entries pointing at what was removed. Each becomes a Void
 * element of the same length. Answers the duration in seconds Info states, or null.
 */
export async function checkWebm(file: VideoFile): Promise<number | null> {
  const header = await elementAt(file, 0, file.size);
  if (header.id !== EBML || header.end === null)
    throw file.unreadable("it does not start with an EBML header");
  await checkDocType(file, { ...header, end: header.end });
  const walked = { count: 0 };
  let at = await skipVoids(file, header.end, file.size, walked);
  const segment = await elementAt(file, at, file.size);
  if (segment.id !== SEGMENT) throw file.unreadable("it has no Segment after the EBML header");
  const end = segment.end ?? file.size;
  if ((await skipVoids(file, end, file.size, walked)) < file.size) {
    throw file.unreadable("it holds more than one Segment, or data after it");
  }

  const found = { info: [] as Sized[], seekHeads: [] as Sized[], tracks: 0, clusters: 0 };
  for (at = segment.data; at < end;) {
    countWalked(file, walked);
    const element = await elementAt(file, at, end);
    if (element.end === null && element.id !== CLUSTER) {
      throw file.unreadable(`the element at byte ${at} has an unknown size`);
    }
    const sized = { ...element, end: element.end ?? (await clusterEnd(file, element.data, end, walked)) };
    if (sized.id === INFO) found.info.push(sized);
    if (sized.id === SEEK_HEAD) found.seekHeads.push(sized);
    if (sized.id === TRACKS) found.tracks++;
    if (sized.id === CLUSTER) found.clusters++;
    if (REMOVED.has(sized.id)) voidInFile(file, sized);
    at = sized.end;
  }
  if (found.info.length !== 1)
    throw file.unreadable(`its Segment has ${found.info.length || "no"} Info elements`);
  if (found.tracks === 0) throw file.unreadable("its Segment has no Tracks");
  if (found.clusters === 0) throw file.unreadable("its Segment has no Cluster");
  for (const seekHead of found.seekHeads) await stripSeekHead(file, seekHead);
  return stripInfo(file, found.info[0]!);
}

/** WebM is Matroska's subset; both DocTypes are read the same way here (RFC 8794 §11.2.7). */
async function checkDocType(file: VideoFile, header: Sized): Promise<void> {
  const region = {
    bytes: await file.readWhole(header.start, header.end - header.start, "EBML header"),
    base: header.start,
  };
  const docType = childrenOf(file, region, header).find((element) => element.id === DOC_TYPE);
  const name =
    docType && region.bytes.toString("latin1", docType.data - region.base, docType.end - region.base);
  if (!name || !["webm", "matroska"].includes(name.replace(/\0+$/, ""))) {
    throw file.unreadable("its EBML header does not name WebM as its DocType");
  }
}

function countWalked(file: VideoFile, walked: { count: number }): void {
  if (++walked.count > MAX_WALKED) throw file.unreadable("it holds too many elements");
}

async function skipVoids(
  file: VideoFile,
  from: number,
  limit: number,
  walked: { count: number },
): Promise<number> {
  let at = from;
  while (at < limit) {
    countWalked(file, walked);
    const element = await elementAt(file, at, limit);
    if (element.id !== VOID || element.end === null) break;
    at = element.end;
  }
  return at;
}

/**
 * Where a Cluster of unknown size ends: at the first element that cannot be one of its children,
 * a Segment child or a top-level element (RFC 8794 §6.2), or at the end of its Segment.
 */
async function clusterEnd(file: VideoFile, from: number, limit: number, walked: { count: number }) {
  let at = from;
  while (at < limit) {
    countWalked(file, walked);
    const element = await elementAt(file, at, limit);
    if (LEVEL_1.has(element.id)) return at;
    if (element.end === null) throw file.unreadable(`the element at byte ${at} has an unknown size`);
    at = element.end;
  }
  return limit;
}

async function readRegion(file: VideoFile, element: Sized, what: string): Promise<Region> {
  const bytes = await file.readWhole(element.start, element.end - element.start, what);
  return { bytes, base: element.start };
}

/** Voids the Seek entries (RFC 9559 §5.1.1) that point at Tags or Attachments. */
async function stripSeekHead(file: VideoFile, seekHead: Sized): Promise<void> {
  const region = await readRegion(file, seekHead, "SeekHead");
  for (const seek of childrenOf(file, region, seekHead)) {
    if (seek.id !== SEEK) continue;
    const seekId = childrenOf(file, region, seek).find((element) => element.id === SEEK_ID);
    if (seekId && REMOVED.has(readUnsigned(region, seekId))) voidIn(region, seek);
  }
  file.write(region.base, region.bytes);
}

/**
 * Reads the duration from Info (RFC 9559 §5.1.2: Duration, a float in TimestampScale units of
 * nanoseconds, 1,000,000 by default) and voids its DateUTC and Title.
 */
async function stripInfo(file: VideoFile, info: Sized): Promise<number | null> {
  const region = await readRegion(file, info, "Info");
  let scale = 1_000_000;
  let duration: number | null = null;
  for (const element of childrenOf(file, region, info)) {
    const length = element.end - element.data;
    if (element.id === TIMESTAMP_SCALE) {
      if (length < 1 || length > 8) throw file.unreadable("its TimestampScale is not an integer");
      scale = readUnsigned(region, element);
    } else if (element.id === DURATION) {
      if (length !== 4 && length !== 8) throw file.unreadable("its Duration is not a float");
      const at = element.data - region.base;
      duration = length === 4 ? region.bytes.readFloatBE(at) : region.bytes.readDoubleBE(at);
    } else if (REMOVED_FROM_INFO.has(element.id)) {
      voidIn(region, element);
    }
  }
  file.write(region.base, region.bytes);
  if (duration === null || scale === 0) return null;
  const seconds = (duration * scale) / 1e9;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
