import type { FileHandle } from "node:fs/promises";

/**
 * A video's duration in seconds, read from its container: the `mvhd` box of MP4/QuickTime
 * (ISO/IEC 14496-12 §8.2.2) and the Segment Info Duration × TimecodeScale of WebM (Matroska
 * spec). Null when the container does not say.
 */
export async function videoDuration(
  file: FileHandle,
  mimeType: string,
  size: number,
): Promise<number | null> {
  return mimeType === "video/webm" ? webmDuration(file, size) : mp4Duration(file, size);
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Walks ISO-BMFF boxes from `start` to `end`, answering the first of `type` (payload range). */
async function findBox(file: FileHandle, start: number, end: number, type: string) {
  let at = start;
  while (at + 8 <= end) {
    const header = await readAt(file, at, 16);
    if (header.length < 8) return null;
    let size = header.readUInt32BE(0);
    let headerSize = 8;
    if (size === 1 && header.length >= 16) {
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < headerSize) return null;
    if (header.toString("latin1", 4, 8) === type)
      return { start: at + headerSize, end: Math.min(at + size, end) };
    at += size;
  }
  return null;
}

async function mp4Duration(file: FileHandle, size: number): Promise<number | null> {
  const moov = await findBox(file, 0, size, "moov");
  const mvhd = moov && (await findBox(file, moov.start, moov.end, "mvhd"));
  if (!mvhd) return null;
  const box = await readAt(file, mvhd.start, 32);
  const version = box[0];
  const timescale = version === 1 ? box.readUInt32BE(20) : box.readUInt32BE(12);
  const duration = version === 1 ? Number(box.readBigUInt64BE(24)) : box.readUInt32BE(16);
  return timescale > 0 ? duration / timescale : null;
}

/** An EBML variable-length integer at `at`: its value (marker bit removed) and its length. */
function readVint(bytes: Buffer, at: number, keepMarker: boolean): { value: number; length: number } | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    if (bytes[at + i] !== 0xff) allOnes = false;
  }
  return { value: !keepMarker && allOnes ? -1 : value, length };
}

const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const CLUSTER = 0x1f43b675;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

async function webmDuration(file: FileHandle, size: number): Promise<number | null> {
  // The header and Segment Info come first in any WebM a browser or encoder writes.
  const bytes = await readAt(file, 0, Math.min(size, 1024 * 1024));
  let at = 0;
  let end = bytes.length;
  let inInfo = false;
  let scale = 1_000_000;
  let duration: number | null = null;
  while (at < end) {
    const id = readVint(bytes, at, true);
    const len = id && readVint(bytes, at + id.length, false);
    if (!id || !len) break;
    const payload = at + id.length + len.length;
    if (id.value === SEGMENT) {
      at = payload; // descend
      continue;
    }
    if (id.value === INFO && !inInfo) {
      inInfo = true;
      end = len.value < 0 ? end : Math.min(end, payload + len.value);
      at = payload;
      continue;
    }
    if (id.value === CLUSTER || len.value < 0) break;
    if (inInfo && id.value === TIMECODE_SCALE) scale = bytes.readUIntBE(payload, Math.min(len.value, 6));
    if (inInfo && id.value === DURATION) {
      duration = len.value === 4 ? bytes.readFloatBE(payload) : bytes.readDoubleBE(payload);
    }
    at = payload + len.value;
  }
  return duration === null ? null : (duration * scale) / 1e9;
}
