import type { VideoFile } from "./video-file.ts";

/**
 * EBML elements (RFC 8794), the structure of Matroska and WebM. All positions are offsets in the
 * file, also for elements parsed from a buffer read out of it.
 */
export interface Element {
  /** The id with its length marker, as specifications write it (Segment is 0x18538067). */
  id: number;
  start: number;
  /** The first byte of the element's data. */
  data: number;
  /** Null when the size is unknown (all ones, §6.2), as live recorders write Segments and Clusters. */
  end: number | null;
}

/** Bytes read out of the file, starting at file offset `base`. */
export interface Region {
  bytes: Buffer;
  base: number;
}

/** An element id is at most 4 bytes, a size at most 8 (EBMLMaxIDLength, EBMLMaxSizeLength). */
export const HEADER_BYTES = 12;

/**
 * A variable-length integer (§4): the leading zero bits of its first byte give its length, the
 * bits after the marker bit its value. Null when it is not one or is cut off.
 */
function vint(bytes: Buffer, at: number, maxLength: number) {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > maxLength || at + length > bytes.length) return null;
  let raw = first;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    raw = raw * 256 + bytes[at + i]!;
    value = value * 256 + bytes[at + i]!;
    if (bytes[at + i] !== 0xff) allOnes = false;
  }
  return { raw, value, length, allOnes };
}

/** The element whose header starts `head`, at `at`, inside a parent ending at `limit`. */
export function parseElement(file: VideoFile, head: Buffer, at: number, limit: number): Element {
  const id = vint(head, 0, 4);
  const size = id && vint(head, id.length, 8);
  if (!id || !size) throw file.unreadable(`there is no element header at byte ${at}`);
  const data = at + id.length + size.length;
  if (data > limit) throw file.unreadable(`the element at byte ${at} is cut off`);
  if (size.allOnes) return { id: id.raw, start: at, data, end: null };
  if (data + size.value > limit) {
    throw file.unreadable(`the element 0x${id.raw.toString(16)} at byte ${at} runs past its parent`);
  }
  return { id: id.raw, start: at, data, end: data + size.value };
}

/** The element at `at` in the file. */
export async function elementAt(file: VideoFile, at: number, limit: number): Promise<Element> {
  return parseElement(file, await file.peek(at, HEADER_BYTES), at, limit);
}

/** Children of an element read into memory at most: Info, a SeekHead, a Seek hold a few. */
const MAX_CHILDREN = 10_000;

/** The children of an element read into memory; each must state its size. */
export function childrenOf(file: VideoFile, region: Region, parent: Element & { end: number }) {
  const elements: (Element & { end: number })[] = [];
  for (let at = parent.data; at < parent.end;) {
    if (elements.length === MAX_CHILDREN)
      throw file.unreadable(`the element at byte ${parent.start} holds too many`);
    const head = region.bytes.subarray(at - region.base, parent.end - region.base);
    const element = parseElement(file, head, at, parent.end);
    if (element.end === null) throw file.unreadable(`the element at byte ${at} has an unknown size`);
    elements.push({ ...element, end: element.end });
    at = element.end;
  }
  return elements;
}

/** An unsigned integer element's value (§7.2), 0 to 8 bytes. */
export function readUnsigned(region: Region, element: Element & { end: number }): number {
  let value = 0;
  for (let at = element.data; at < element.end; at++) value = value * 256 + region.bytes[at - region.base]!;
  return value;
}

/**
 * The header of a Void element (id 0xEC, RFC 8794 §11.3.2: its content is discarded; it exists to
 * void data and reserve space) `total` bytes long: the size field takes as many bytes as make the
 * total, up to 8, since a VINT may be written wider than its value needs (§4.4). An element is at
 * least 2 bytes (an id and a size), so any element can become a Void of the same length, and
 * nothing after it moves: SeekHead and Cues positions stay right.
 */
export function voidHeader(total: number): Buffer {
  const sizeLength = Math.min(8, total - 1);
  const header = Buffer.alloc(1 + sizeLength);
  header[0] = 0xec;
  let payload = BigInt(total - 1 - sizeLength);
  for (let i = sizeLength; i >= 1; i--) {
    header[i] = Number(payload & 0xffn);
    payload >>= 8n;
  }
  header[1]! |= 0x80 >> (sizeLength - 1);
  return header;
}

/** Replaces an element read into memory by a Void element of the same length with zeroed payload. */
export function voidIn(region: Region, element: Element & { end: number }): void {
  const header = voidHeader(element.end - element.start);
  const at = element.start - region.base;
  region.bytes.fill(0, at, element.end - region.base);
  header.copy(region.bytes, at);
}

/** The same, queued on the file, for elements that are never read into memory. */
export function voidInFile(file: VideoFile, element: Element & { end: number }): void {
  const header = voidHeader(element.end - element.start);
  file.write(element.start, header);
  file.zero(element.start + header.length, element.end - element.start - header.length);
}
