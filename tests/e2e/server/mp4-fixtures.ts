/**
 * Small, structurally complete MP4 and QuickTime files built box by box (ISO/IEC 14496-12), for
 * tests that need a file the server's container check accepts, with or without metadata in it.
 */

export function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

/** A box with a 64-bit size (size field 1, then the size). */
export function largeBox(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write(type, 4, "latin1");
  header.writeBigUInt64BE(BigInt(16 + body.length), 8);
  return Buffer.concat([header, body]);
}

export function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version << 24) | flags) >>> 0);
  return box(type, head, ...parts);
}

export function u32(...values: number[]): Buffer {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((value, i) => bytes.writeUInt32BE(value, i * 4));
  return bytes;
}

function u64(...values: number[]): Buffer {
  const bytes = Buffer.alloc(8 * values.length);
  values.forEach((value, i) => bytes.writeBigUInt64BE(BigInt(value), i * 8));
  return bytes;
}

/** Creation and modification times, version 0 (32-bit) or 1 (64-bit), seconds since 1904. */
const times = (version: 0 | 1, at: number) => (version ? u64(at, at) : u32(at, at));
const duration = (version: 0 | 1, value: number) => (version ? u64(value) : u32(value));

export interface TrackSpec {
  handler: "vide" | "soun" | "meta";
  samples: Buffer[];
  /** Samples per chunk, 2 unless said: chunks of the tracks alternate in `mdat`. */
  perChunk?: number;
  /** Boxes added to the track, such as its own `udta`. */
  extra?: Buffer[];
}

export interface MovieSpec {
  seconds: number;
  /** `qt  ` makes a QuickTime file. */
  brand?: string;
  /** `moov` before `mdat` ("faststart"), the default, or after it, as cameras write it. */
  layout?: "moov-first" | "mdat-first";
  /** 64-bit chunk offsets, with a `mdat` of 64-bit size. */
  wide?: boolean;
  /** Version 1 (64-bit times) mvhd, tkhd and mdhd. */
  version?: 0 | 1;
  /** Creation and modification time of the movie, its tracks and media, seconds since 1904. */
  createdAt?: number;
  tracks: TrackSpec[];
  /** Boxes added at the end of `moov`, such as `udta` or `meta`. */
  movieExtra?: Buffer[];
  /** Top-level boxes added after `ftyp`, such as an XMP `uuid`. */
  fileExtra?: Buffer[];
}

interface Chunk {
  track: number;
  data: Buffer;
  samples: Buffer[];
}

/** Chunks of every track, interleaved the way muxers write them: first chunks, second chunks… */
function interleave(tracks: TrackSpec[]): Chunk[] {
  const perTrack = tracks.map((track, index) => {
    const chunks: Chunk[] = [];
    const per = track.perChunk ?? 2;
    for (let i = 0; i < track.samples.length; i += per) {
      const samples = track.samples.slice(i, i + per);
      chunks.push({ track: index, data: Buffer.concat(samples), samples });
    }
    return chunks;
  });
  const longest = Math.max(...perTrack.map((chunks) => chunks.length));
  return Array.from({ length: longest }, (_, i) => perTrack.flatMap((chunks) => chunks[i] ?? [])).flat();
}

function sampleTable(spec: MovieSpec, track: TrackSpec, chunks: Chunk[], offsets: number[]): Buffer {
  const count = track.samples.length;
  // One stsc entry per run of chunks with the same number of samples (§8.7.4).
  const runs: number[] = [];
  chunks.forEach((chunk, i) => {
    if (i === 0 || chunk.samples.length !== chunks[i - 1]!.samples.length) {
      runs.push(i + 1, chunk.samples.length, 1);
    }
  });
  return box(
    "stbl",
    fullBox(
      "stsd",
      0,
      0,
      u32(1),
      box(track.handler === "meta" ? "mebx" : "mp4v", Buffer.alloc(6), Buffer.from([0, 1])),
    ),
    fullBox("stts", 0, 0, u32(1, count, Math.max(1, Math.round((spec.seconds * 1000) / count)))),
    fullBox("stsc", 0, 0, u32(runs.length / 3, ...runs)),
    fullBox("stsz", 0, 0, u32(0, count, ...track.samples.map((sample) => sample.length))),
    spec.wide
      ? fullBox("co64", 0, 0, u32(offsets.length), u64(...offsets))
      : fullBox("stco", 0, 0, u32(offsets.length, ...offsets)),
  );
}

function trak(spec: MovieSpec, id: number, chunks: Chunk[], offsets: number[]): Buffer {
  const track = spec.tracks[id - 1]!;
  const version = spec.version ?? 0;
  const at = spec.createdAt ?? 0;
  const ms = Math.round(spec.seconds * 1000);
  const matrix = u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);
  const header = {
    vide: fullBox("vmhd", 0, 1, Buffer.alloc(8)),
    soun: fullBox("smhd", 0, 0, Buffer.alloc(4)),
    meta: fullBox("nmhd", 0, 0),
  }[track.handler];
  return box(
    "trak",
    fullBox(
      "tkhd",
      version,
      3,
      times(version, at),
      u32(id, 0),
      duration(version, ms),
      Buffer.alloc(16),
      matrix,
      u32(16 << 16, 16 << 16),
    ),
    box(
      "mdia",
      fullBox(
        "mdhd",
        version,
        0,
        times(version, at),
        u32(1000),
        duration(version, ms),
        Buffer.from([0x55, 0xc4, 0, 0]),
      ),
      fullBox("hdlr", 0, 0, u32(0), Buffer.from(track.handler), Buffer.alloc(12), Buffer.from("Handler\0")),
      box(
        "minf",
        header,
        box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1))),
        sampleTable(spec, track, chunks, offsets),
      ),
    ),
    ...(track.extra ?? []),
  );
}

function moov(spec: MovieSpec, chunks: Chunk[], mediaStart: number): Buffer {
  const version = spec.version ?? 0;
  const positions: number[] = [];
  let at = mediaStart;
  for (const chunk of chunks) {
    positions.push(at);
    at += chunk.data.length;
  }
  const tracks = spec.tracks.map((_, index) => {
    const own = chunks.flatMap((chunk, i) => (chunk.track === index ? [i] : []));
    return trak(
      spec,
      index + 1,
      own.map((i) => chunks[i]!),
      own.map((i) => positions[i]!),
    );
  });
  const mvhd = fullBox(
    "mvhd",
    version,
    0,
    times(version, spec.createdAt ?? 0),
    u32(1000), // timescale: milliseconds
    duration(version, Math.round(spec.seconds * 1000)),
    u32(0x00010000), // rate 1.0
    Buffer.from([1, 0]), // volume 1.0
    Buffer.alloc(10),
    u32(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000),
    Buffer.alloc(24),
    u32(spec.tracks.length + 1),
  );
  return box("moov", mvhd, ...tracks, ...(spec.movieExtra ?? []));
}

/** A movie file from its tracks' samples, with chunk offsets pointing at them in `mdat`. */
export function movie(spec: MovieSpec): Buffer {
  const brand = spec.brand ?? "isom";
  const ftyp = box(
    "ftyp",
    Buffer.from(brand),
    u32(0x200),
    Buffer.from(brand === "qt  " ? "qt  " : "isommp41"),
  );
  const chunks = interleave(spec.tracks);
  const media = Buffer.concat(chunks.map((chunk) => chunk.data));
  const mdat = spec.wide ? largeBox("mdat", media) : box("mdat", media);
  const head = Buffer.concat([ftyp, ...(spec.fileExtra ?? [])]);
  const mdatHeader = mdat.length - media.length;
  if (spec.layout === "mdat-first") {
    return Buffer.concat([head, mdat, moov(spec, chunks, head.length + mdatHeader)]);
  }
  const movieLength = moov(spec, chunks, 0).length;
  return Buffer.concat([head, moov(spec, chunks, head.length + movieLength + mdatHeader), mdat]);
}

/**
 * `bytes` of recognisable media data cut into samples of 1 KiB, or into 4,096 larger samples for
 * big files (a 150 MB video), so the sample tables stay small.
 */
export function videoSamples(bytes: number): Buffer[] {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < data.length; i++) data[i] = i % 251;
  const size = Math.max(1024, Math.ceil(bytes / 4096));
  const samples: Buffer[] = [];
  for (let at = 0; at < bytes; at += size) samples.push(data.subarray(at, at + size));
  return samples;
}
