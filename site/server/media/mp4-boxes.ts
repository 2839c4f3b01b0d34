import type { VideoFile } from "./video-file.ts";

/**
 * ISO base media file format boxes (ISO/IEC 14496-12 §4.2), which MP4 and QuickTime share. All
 * positions are offsets in the file, also for boxes parsed from a buffer read out of it.
 */
export interface Box {
  type: string;
  /** The box's first byte. */
  start: number;
  /** The first byte after the size, type and 64-bit size fields. */
  payload: number;
  end: number;
}

/** Bytes read out of the file, starting at file offset `base`. */
export interface Region {
  bytes: Buffer;
  base: number;
}

/**
 * A box type is four printable characters (§4.2; QuickTime also uses ©, 0xA9, as in `©xyz`).
 * Refusing anything else catches zero-filled and random data behind a valid-looking start.
 */
function isBoxType(bytes: Buffer): boolean {
  return bytes.length === 4 && bytes.every((b) => (b >= 0x20 && b <= 0x7e) || b === 0xa9);
}

/**
 * The box whose header starts `head` (at least 16 bytes when the container has them), at `at`,
 * inside a container ending at `parentEnd`. A size of 1 means a 64-bit size follows; 0 means
 * the box runs to the end of its container (§4.2).
 */
export function parseBox(file: VideoFile, head: Buffer, at: number, parentEnd: number): Box {
  if (head.length < 8 || parentEnd - at < 8) throw file.unreadable(`the box at byte ${at} is cut off`);
  if (!isBoxType(head.subarray(4, 8))) {
    throw file.unreadable(`the box at byte ${at} does not have a four-character type`);
  }
  const type = head.toString("latin1", 4, 8);
  const room = parentEnd - at;
  const size32 = head.readUInt32BE(0);
  let headerSize = 8;
  let size = size32 === 0 ? room : size32;
  if (size32 === 1) {
    if (head.length < 16) throw file.unreadable(`the ${type} box at byte ${at} is cut off`);
    const large = head.readBigUInt64BE(8);
    headerSize = 16;
    size = large > BigInt(room) ? Infinity : Number(large);
  }
  if (type === "uuid") headerSize += 16; // the extended type (§4.2) belongs to the header
  if (size < headerSize) throw file.unreadable(`the ${type} box at byte ${at} is smaller than its header`);
  if (size > room) {
    throw file.unreadable(`the ${type} box at byte ${at} runs past the end of its container`);
  }
  return { type, start: at, payload: at + headerSize, end: at + size };
}

/**
 * Boxes in one container at most. The containers walked hold a few boxes each (a movie a box per
 * track), their tables being inside single boxes; a hostile movie box of 8-byte boxes is not.
 */
const MAX_CHILDREN = 10_000;

/**
 * The boxes filling a container's payload, parsed from memory. A container may end with fewer
 * than 8 zero bytes: QuickTime closes some atom lists with a 32-bit zero (QTFF "User data list").
 */
export function children(file: VideoFile, region: Region, container: Box): Box[] {
  const boxes: Box[] = [];
  let at = container.payload;
  while (at < container.end) {
    if (boxes.length === MAX_CHILDREN)
      throw file.unreadable(`its ${container.type} box holds too many boxes`);
    const head = region.bytes.subarray(at - region.base, Math.min(at + 16, container.end) - region.base);
    if (container.end - at < 8 && head.every((b) => b === 0)) break;
    const box = parseBox(file, head, at, container.end);
    boxes.push(box);
    at = box.end;
  }
  return boxes;
}

/** The only child of `type`; a container holding none or several is refused. */
export function only(file: VideoFile, boxes: Box[], type: string, where: string): Box {
  const found = boxes.filter((box) => box.type === type);
  if (found.length !== 1) {
    throw file.unreadable(`${where} has ${found.length === 0 ? "no" : "more than one"} ${type} box`);
  }
  return found[0]!;
}

/**
 * The version of a full box (§4.2) whose version 0 and 1 payloads have fixed sizes, after
 * checking that the payload is that long: a truncated box is refused, never read past.
 */
export function fullBoxVersion(file: VideoFile, region: Region, box: Box, sizes: [number, number]): 0 | 1 {
  const version = region.bytes[box.payload - region.base];
  if (version !== 0 && version !== 1) {
    throw file.unreadable(`the ${box.type} box at byte ${box.start} has unknown version ${version}`);
  }
  if (box.end - box.payload < sizes[version]) {
    throw file.unreadable(`the ${box.type} box at byte ${box.start} is cut short`);
  }
  return version;
}

/**
 * Turns a box into a `free` box of the same size with a zeroed payload, in memory. Readers skip
 * `free` and `skip` boxes (§8.1.2), and since the size does not change nothing after the box
 * moves, so chunk offsets (stco/co64), fragment offsets (tfhd/trun) and sidx stay right.
 */
export function blank(region: Region, box: Box): void {
  region.bytes.write("free", box.start - region.base + 4, "latin1");
  region.bytes.fill(0, freePayload(box) - region.base, box.end - region.base);
}

/** The same, queued on the file, for top-level boxes that are never read into memory. */
export function blankInFile(file: VideoFile, box: Box): void {
  file.write(box.start + 4, Buffer.from("free", "latin1"));
  file.zero(freePayload(box), box.end - freePayload(box));
}

/** Where a `free` box's payload starts: a uuid's extended type becomes payload and is zeroed. */
const freePayload = (box: Box) => (box.type === "uuid" ? box.payload - 16 : box.payload);
