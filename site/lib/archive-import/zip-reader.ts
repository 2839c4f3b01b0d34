/**
 * Reads a ZIP file (a P92 archive) in the browser without loading it whole: the central directory
 * from the end of the file, then each entry as a slice of the file (stored entries: the slice
 * itself, so a photo or video goes to the server straight from the disk) or inflated through the
 * platform's DecompressionStream. ZIP64 archives (over 4 GiB or 65,535 files) are read too.
 */

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) and the longest comment it may be followed by. */
const TAIL_BYTES = 22 + 0xffff;
/** A central directory past this is not one of P92's archives (about a million files). */
const MAX_DIRECTORY_BYTES = 128 * 1024 * 1024;

async function bytesAt(file: Blob, start: number, length: number): Promise<DataView> {
  const buffer = await file.slice(start, start + length).arrayBuffer();
  if (buffer.byteLength !== length) throw new ZipError("the file ends too early: it is cut short");
  return new DataView(buffer);
}

/** An unsigned 64-bit little-endian number (exact up to 2^53, far past any file). */
const uint64 = (view: DataView, at: number) =>
  view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;

/** Where the central directory is, and how many entries it has. */
async function directoryOf(file: Blob): Promise<{ offset: number; size: number; count: number }> {
  const tailStart = Math.max(0, file.size - TAIL_BYTES);
  const tail = await bytesAt(file, tailStart, file.size - tailStart);
  let end = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError("this is not a ZIP file (no end of central directory)");
  let count = tail.getUint16(end + 10, true);
  let size = tail.getUint32(end + 12, true);
  let offset = tail.getUint32(end + 16, true);
  const locatorAt = tailStart + end - 20;
  if (locatorAt >= 0) {
    const locator = await bytesAt(file, locatorAt, 20);
    if (locator.getUint32(0, true) === ZIP64_LOCATOR) {
      const record = await bytesAt(file, uint64(locator, 8), 56);
      if (record.getUint32(0, true) !== ZIP64_EOCD) throw new ZipError("its ZIP64 end record is damaged");
      count = uint64(record, 32);
      size = uint64(record, 40);
      offset = uint64(record, 48);
    }
  }
  if (offset + size > file.size) throw new ZipError("its central directory lies past its end");
  if (size > MAX_DIRECTORY_BYTES) throw new ZipError("its central directory is too large");
  return { offset, size, count };
}

/** The 64-bit values a ZIP64 extra field (0x0001) holds for the fields that overflowed. */
function zip64Values(view: DataView, start: number, length: number, wanted: boolean[]): number[] {
  for (let at = start; at + 4 <= start + length;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      const values: number[] = [];
      let field = at + 4;
      const end = Math.min(at + 4 + size, start + length);
      for (const want of wanted) {
        if (!want) continue;
        if (field + 8 > end) throw new ZipError("a ZIP64 extra field is too short");
        values.push(uint64(view, field));
        field += 8;
      }
      return values;
    }
    at += 4 + size;
  }
  throw new ZipError("an entry lacks the ZIP64 sizes it announces");
}

/** Every entry of the archive, by name (the last one of a name wins, as unzip does). */
export async function readZipDirectory(file: Blob): Promise<Map<string, ZipEntry>> {
  const { offset, size, count } = await directoryOf(file);
  const view = await bytesAt(file, offset, size);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > size || view.getUint32(at, true) !== CENTRAL)
      throw new ZipError("its central directory is damaged");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength + extraLength > size) throw new ZipError("its central directory is damaged");
    let compressedSize = view.getUint32(at + 20, true);
    let entrySize = view.getUint32(at + 24, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const overflow = [entrySize, compressedSize, localHeaderOffset].map((v) => v === 0xffffffff);
    if (overflow.some(Boolean)) {
      const values = zip64Values(view, at + 46 + nameLength, extraLength, overflow);
      if (overflow[0]) entrySize = values.shift()!;
      if (overflow[1]) compressedSize = values.shift()!;
      if (overflow[2]) localHeaderOffset = values.shift()!;
    }
    const name = decoder.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength));
    entries.set(name, {
      name,
      method: view.getUint16(at + 10, true),
      compressedSize,
      size: entrySize,
      localHeaderOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of an entry as stored in the file (after its local header). */
async function storedSlice(file: Blob, entry: ZipEntry): Promise<Blob> {
  const header = await bytesAt(file, entry.localHeaderOffset, 30);
  if (header.getUint32(0, true) !== LOCAL) throw new ZipError(`${entry.name}: its local header is damaged`);
  const start = entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  if (start + entry.compressedSize > file.size) throw new ZipError(`${entry.name}: it lies past the end`);
  return file.slice(start, start + entry.compressedSize);
}

/**
 * An entry's content as a Blob of `type`: a slice of the file when stored, else inflated (at most
 * the size the directory announces: more is a damaged or hostile archive).
 */
export async function entryBlob(file: Blob, entry: ZipEntry, type = ""): Promise<Blob> {
  const stored = await storedSlice(file, entry);
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) throw new ZipError(`${entry.name}: its sizes disagree`);
    return stored.slice(0, stored.size, type);
  }
  if (entry.method !== 8) throw new ZipError(`${entry.name}: compressed in a way this reader does not know`);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  const reader = stored.stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > entry.size) throw new ZipError(`${entry.name}: it holds more than it announces`);
      parts.push(value as Uint8Array<ArrayBuffer>);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error instanceof ZipError ? error : new ZipError(`${entry.name}: it cannot be inflated`);
  }
  if (total !== entry.size) throw new ZipError(`${entry.name}: it holds less than it announces`);
  return new Blob(parts, { type });
}
