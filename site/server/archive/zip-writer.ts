import { crc32 } from "node:zlib";
import { Deflate, strToU8 } from "fflate";

/**
 * A ZIP written file after file into a sink, never whole in memory (APPNOTE.TXT 6.3: local
 * headers with data descriptors, then the central directory). Text is compressed with fflate's
 * streaming Deflate; photos and videos are stored as they are (compressed already).
 *
 * ZIP64 (APPNOTE 4.3.14, 4.5.3) is written where the 32-bit fields run out: a file starting past
 * 4 GiB gets its offset in a ZIP64 extra field of the central directory, and an archive past
 * 4 GiB or 65,535 files ends with the ZIP64 end records. One file may not exceed 4 GiB (none of an
 * archive can: uploads are far smaller); one that would fails the archive rather than corrupt it.
 */

/** Where the bytes go: `write` resolves once the reader has room for more (backpressure). */
export interface ZipSink {
  write(chunk: Uint8Array): Promise<void>;
}

export interface ZipFileOptions {
  /** Deflate (text) or store as it is (already compressed). */
  compress?: boolean;
  mtime?: Date;
}

export interface ZipLimits {
  /** Offsets and sizes from this one on are written as ZIP64. Lowered by tests only. */
  zip64From?: number;
  /** More files than this make the end records ZIP64. Lowered by tests only. */
  zip64Files?: number;
}

const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;
/** Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8. */
const FLAGS = 0x0008 | 0x0800;
/** 4.5 for ZIP64, 2.0 for deflate; made on Unix (the high byte), so unzip keeps 0644. */
const VERSION_ZIP64 = 45;
const VERSION_DEFLATE = 20;
const UNIX = 3 << 8;
const FILE_MODE = 0o100644 << 16;

interface Entry {
  name: Uint8Array;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
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

  /** Adds a file from its chunks (strings are UTF-8), waiting for the reader as it goes. */
  async file(
    name: string,
    chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    { compress = true, mtime = new Date() }: ZipFileOptions = {},
  ): Promise<void> {
    if (this.#ended) throw new Error("The ZIP is already ended");
    const { time, date } = dosTime(mtime);
    const entry: Entry = {
      name: strToU8(name),
      method: compress ? 8 : 0,
      time,
      date,
      crc: 0,
      compressed: 0,
      size: 0,
      offset: this.#written,
    };
    await this.#write(localHeader(entry));
    const out: Uint8Array[] = [];
    const deflate = compress ? new Deflate({ level: 6 }, (data) => out.push(data)) : null;
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
      if (deflate) deflate.push(bytes);
      else out.push(bytes);
      await emit();
    }
    deflate?.push(new Uint8Array(0), true);
    await emit();
    if (entry.size > MAX_32 || entry.compressed > MAX_32)
      throw new Error(`${name} is larger than a ZIP file can hold without ZIP64 sizes (4 GiB)`);
    await this.#write(dataDescriptor(entry));
    this.#entries.push(entry);
  }

  /** Writes the central directory and the end records; nothing may be added after. */
  async end(): Promise<void> {
    this.#ended = true;
    const start = this.#written;
    for (const entry of this.#entries) await this.#write(centralHeader(entry, this.#zip64From));
    const length = this.#written - start;
    const count = this.#entries.length;
    const zip64 = count > this.#zip64Files || start >= this.#zip64From || length >= this.#zip64From;
    if (zip64) {
      const recordAt = this.#written;
      await this.#write(zip64End(count, length, start));
      await this.#write(zip64Locator(recordAt));
    }
    await this.#write(end(zip64 ? MAX_16 : count, zip64 ? MAX_32 : length, zip64 ? MAX_32 : start));
  }

  async #write(bytes: Uint8Array): Promise<void> {
    this.#written += bytes.length;
    await this.#sink.write(bytes);
  }
}

/** MS-DOS time and date (2-second steps, from 1980), in local time as unzip reads them. */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getFullYear(), 1980), 2107);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

function record(length: number, fill: (view: DataView) => void, tail: Uint8Array[] = []): Uint8Array {
  const bytes = new Uint8Array(length + tail.reduce((sum, part) => sum + part.length, 0));
  fill(new DataView(bytes.buffer));
  let at = length;
  for (const part of tail) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

function localHeader(entry: Entry): Uint8Array {
  return record(
    30,
    (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, VERSION_DEFLATE, true);
      v.setUint16(6, FLAGS, true);
      v.setUint16(8, entry.method, true);
      v.setUint16(10, entry.time, true);
      v.setUint16(12, entry.date, true);
      // CRC and sizes (14-25) stay 0: the data descriptor carries them.
      v.setUint16(26, entry.name.length, true);
    },
    [entry.name],
  );
}

function dataDescriptor(entry: Entry): Uint8Array {
  return record(16, (v) => {
    v.setUint32(0, 0x08074b50, true);
    v.setUint32(4, entry.crc, true);
    v.setUint32(8, entry.compressed, true);
    v.setUint32(12, entry.size, true);
  });
}

function centralHeader(entry: Entry, zip64From: number): Uint8Array {
  const far = entry.offset >= zip64From;
  // The ZIP64 extra field holds only the offset: sizes never need it (see `file`).
  const extra = far
    ? record(12, (v) => {
        v.setUint16(0, 0x0001, true);
        v.setUint16(2, 8, true);
        v.setBigUint64(4, BigInt(entry.offset), true);
      })
    : new Uint8Array(0);
  const version = far ? VERSION_ZIP64 : VERSION_DEFLATE;
  return record(
    46,
    (v) => {
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, UNIX | version, true);
      v.setUint16(6, version, true);
      v.setUint16(8, FLAGS, true);
      v.setUint16(10, entry.method, true);
      v.setUint16(12, entry.time, true);
      v.setUint16(14, entry.date, true);
      v.setUint32(16, entry.crc, true);
      v.setUint32(20, entry.compressed, true);
      v.setUint32(24, entry.size, true);
      v.setUint16(28, entry.name.length, true);
      v.setUint16(30, extra.length, true);
      // Comment length, disk number, internal attributes (32-37) stay 0.
      v.setUint32(38, FILE_MODE, true);
      v.setUint32(42, far ? MAX_32 : entry.offset, true);
    },
    [entry.name, extra],
  );
}

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
