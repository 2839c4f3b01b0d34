import { crc32 } from "node:zlib";
import { Deflate, strFromU8, strToU8 } from "fflate";

/**
 * A ZIP written file after file into a sink, never whole in memory (APPNOTE.TXT). Text is
 * compressed as it comes with fflate's streaming Deflate, its CRC and sizes in a data descriptor
 * after it (bit 3). Photos and videos are stored as they are (compressed already), read twice: once
 * for their CRC, then into the ZIP with CRC and sizes in their local header, since some readers
 * (Java's ZipInputStream, macOS's Archive Utility) refuse stored files with data descriptors.
 * Every file carries its time in UTC too (the 0x5455 extra field), besides MS-DOS's local time.
 *
 * ZIP64 (APPNOTE 4.3.9, 4.5.3) is written where the 32-bit fields run out: a file starting at
 * 4 GiB or later has its sizes and offset in ZIP64 extra fields (local and central) and, when
 * compressed, an 8-byte-size descriptor; an archive past 4 GiB or of 65,535 files or more ends with
 * the ZIP64 end records. One file may not reach 4 GiB (none of an archive can: uploads are far
 * smaller); one that would fails the archive rather than corrupt it.
 */

/** Where the bytes go: `write` resolves once the reader has room for more (backpressure). */
export interface ZipSink {
  write(chunk: Uint8Array): Promise<void>;
}

export interface ZipLimits {
  /** Offsets and sizes from this one on are written as ZIP64. Lowered by tests only. */
  zip64From?: number;
  /** More files than this make the end records ZIP64. Lowered by tests only. */
  zip64Files?: number;
}

const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;
/** Bit 11: the name is UTF-8; bit 3: CRC and sizes follow the data (compressed files only). */
const UTF8 = 0x0800;
const DESCRIPTOR = 0x0008;
/** 4.5 for ZIP64, 2.0 for deflate; made on Unix (the high byte), so unzip keeps 0644. */
const VERSION_ZIP64 = 45;
const VERSION_DEFLATE = 20;
const UNIX = 3 << 8;
const FILE_MODE = 0o100644 << 16;

interface Entry {
  name: Uint8Array;
  method: number;
  mtime: Date;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  /** Starts at the ZIP64 limit or later: its sizes and offset are written as ZIP64. */
  far: boolean;
}

export class ZipWriter {
  readonly #sink: ZipSink;
  readonly #zip64From: number;
  readonly #zip64Files: number;
  readonly #entries: Entry[] = [];
  #written = 0;
  #ended = false;

  constructor(sink: ZipSink, limits: ZipLimits = {}) {
    this.#sink = sink;
    this.#zip64From = limits.zip64From ?? MAX_32;
    this.#zip64Files = limits.zip64Files ?? MAX_16;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#written;
  }

  /** Adds a compressed file from its chunks (strings are UTF-8), waiting for the reader as it goes. */
  async file(
    name: string,
    chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    mtime = new Date(),
  ): Promise<void> {
    const entry = this.#entry(name, 8, mtime);
    await this.#write(localHeader(entry));
    const out: Uint8Array[] = [];
    const deflate = new Deflate({ level: 6 }, (data) => out.push(data));
    const emit = async () => {
      for (const data of out.splice(0)) {
        entry.compressed += data.length;
        await this.#write(data);
      }
    };
    for await (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? strToU8(chunk) : chunk;
      entry.crc = crc32(bytes, entry.crc);
      entry.size += bytes.length;
      deflate.push(bytes);
      await emit();
    }
    deflate.push(new Uint8Array(0), true);
    await emit();
    fits(entry);
    await this.#write(dataDescriptor(entry));
    this.#entries.push(entry);
  }

  /**
   * Adds a file stored as it is, from a source read twice (its CRC first); both reads must give
   * the same bytes, or the archive fails.
   */
  async storedFile(name: string, read: () => AsyncIterable<Uint8Array>, mtime = new Date()): Promise<void> {
    const entry = this.#entry(name, 0, mtime);
    for await (const chunk of read()) {
      entry.crc = crc32(chunk, entry.crc);
      entry.size += chunk.length;
    }
    entry.compressed = entry.size;
    fits(entry);
    await this.#write(localHeader(entry));
    let crc = 0;
    let size = 0;
    for await (const chunk of read()) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (size > entry.size) break;
      await this.#write(chunk);
    }
    if (crc !== entry.crc || size !== entry.size) throw new Error(`${name} changed while it was written`);
    this.#entries.push(entry);
  }

  /** Writes the central directory and the end records; nothing may be added after. */
  async end(): Promise<void> {
    this.#ended = true;
    const start = this.#written;
    for (const entry of this.#entries) await this.#write(centralHeader(entry));
    const directorySize = this.#written - start;
    const count = this.#entries.length;
    const zip64 = count >= this.#zip64Files || start >= this.#zip64From || directorySize >= this.#zip64From;
    if (zip64) {
      const recordAt = this.#written;
      await this.#write(zip64End(count, directorySize, start));
      await this.#write(zip64Locator(recordAt));
    }
    await this.#write(end(zip64 ? MAX_16 : count, zip64 ? MAX_32 : directorySize, zip64 ? MAX_32 : start));
  }

  #entry(name: string, method: number, mtime: Date): Entry {
    if (this.#ended) throw new Error("The ZIP is already ended");
    const offset = this.#written;
    const far = offset >= this.#zip64From;
    return { name: strToU8(name), method, mtime, crc: 0, compressed: 0, size: 0, offset, far };
  }

  async #write(bytes: Uint8Array): Promise<void> {
    this.#written += bytes.length;
    await this.#sink.write(bytes);
  }
}

/** No file of an archive reaches 4 GiB: its sizes always fit the 32-bit fields. */
function fits(entry: Entry): void {
  if (entry.size >= MAX_32 || entry.compressed >= MAX_32)
    throw new Error(`${strFromU8(entry.name)} is larger than a file of this ZIP may be (4 GiB)`);
}

/** MS-DOS time and date (2-second steps, from 1980), in the server's local time as DOS had it. */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

function record(size: number, fill: (view: DataView) => void, tail: Uint8Array[] = []): Uint8Array {
  const bytes = new Uint8Array(size + length(tail));
  fill(new DataView(bytes.buffer));
  let at = size;
  for (const part of tail) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

const flagsOf = (entry: Entry) => UTF8 | (entry.method === 8 ? DESCRIPTOR : 0);
const versionOf = (entry: Entry) => (entry.far ? VERSION_ZIP64 : VERSION_DEFLATE);

/** The 0x5455 extended timestamp: the modification time in UTC seconds. */
function utcTime(entry: Entry): Uint8Array {
  return record(9, (v) => {
    v.setUint16(0, 0x5455, true);
    v.setUint16(2, 5, true);
    v.setUint8(4, 1);
    v.setUint32(5, Math.max(0, Math.floor(entry.mtime.getTime() / 1000)), true);
  });
}

/** A ZIP64 extra field of 64-bit values (in APPNOTE's order: size, compressed size, offset). */
function zip64Extra(values: number[]): Uint8Array {
  return record(4 + 8 * values.length, (v) => {
    v.setUint16(0, 0x0001, true);
    v.setUint16(2, 8 * values.length, true);
    values.forEach((value, i) => v.setBigUint64(4 + 8 * i, BigInt(value), true));
  });
}

function localHeader(entry: Entry): Uint8Array {
  // A compressed file's CRC and sizes are not known yet: 0 here, in its descriptor after it.
  const known = entry.method === 0;
  const extras = [
    utcTime(entry),
    ...(entry.far ? [zip64Extra(known ? [entry.size, entry.compressed] : [0, 0])] : []),
  ];
  return record(
    30,
    (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, versionOf(entry), true);
      v.setUint16(6, flagsOf(entry), true);
      v.setUint16(8, entry.method, true);
      const { time, date } = dosTime(entry.mtime);
      v.setUint16(10, time, true);
      v.setUint16(12, date, true);
      if (known) v.setUint32(14, entry.crc, true);
      if (entry.far) {
        v.setUint32(18, MAX_32, true);
        v.setUint32(22, MAX_32, true);
      } else if (known) {
        v.setUint32(18, entry.compressed, true);
        v.setUint32(22, entry.size, true);
      }
      v.setUint16(26, entry.name.length, true);
      v.setUint16(28, length(extras), true);
    },
    [entry.name, ...extras],
  );
}

/** After a compressed file: its CRC and sizes, 8-byte sizes when it is a ZIP64 one. */
function dataDescriptor(entry: Entry): Uint8Array {
  if (entry.far)
    return record(24, (v) => {
      v.setUint32(0, 0x08074b50, true);
      v.setUint32(4, entry.crc, true);
      v.setBigUint64(8, BigInt(entry.compressed), true);
      v.setBigUint64(16, BigInt(entry.size), true);
    });
  return record(16, (v) => {
    v.setUint32(0, 0x08074b50, true);
    v.setUint32(4, entry.crc, true);
    v.setUint32(8, entry.compressed, true);
    v.setUint32(12, entry.size, true);
  });
}

function centralHeader(entry: Entry): Uint8Array {
  const extras = [
    utcTime(entry),
    ...(entry.far ? [zip64Extra([entry.size, entry.compressed, entry.offset])] : []),
  ];
  return record(
    46,
    (v) => {
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, UNIX | versionOf(entry), true);
      v.setUint16(6, versionOf(entry), true);
      v.setUint16(8, flagsOf(entry), true);
      v.setUint16(10, entry.method, true);
      const { time, date } = dosTime(entry.mtime);
      v.setUint16(12, time, true);
      v.setUint16(14, date, true);
      v.setUint32(16, entry.crc, true);
      v.setUint32(20, entry.far ? MAX_32 : entry.compressed, true);
      v.setUint32(24, entry.far ? MAX_32 : entry.size, true);
      v.setUint16(28, entry.name.length, true);
      v.setUint16(30, length(extras), true);
      // Comment length, disk number, internal attributes (32-37) stay 0.
      v.setUint32(38, FILE_MODE, true);
      v.setUint32(42, entry.far ? MAX_32 : entry.offset, true);
    },
    [entry.name, ...extras],
  );
}

const length = (parts: Uint8Array[]) => parts.reduce((sum, part) => sum + part.length, 0);

function zip64End(count: number, length: number, start: number): Uint8Array {
  return record(56, (v) => {
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, UNIX | VERSION_ZIP64, true);
    v.setUint16(14, VERSION_ZIP64, true);
    // This disk and the directory's disk (16-23) are 0.
    v.setBigUint64(24, BigInt(count), true);
    v.setBigUint64(32, BigInt(count), true);
    v.setBigUint64(40, BigInt(length), true);
    v.setBigUint64(48, BigInt(start), true);
  });
}

function zip64Locator(recordAt: number): Uint8Array {
  return record(20, (v) => {
    v.setUint32(0, 0x07064b50, true);
    v.setBigUint64(8, BigInt(recordAt), true);
    v.setUint32(16, 1, true);
  });
}

function end(count: number, length: number, start: number): Uint8Array {
  return record(22, (v) => {
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, count, true);
    v.setUint16(10, count, true);
    v.setUint32(12, length, true);
    v.setUint32(16, start, true);
  });
}
