/**
 * Small WebM files built element by element (RFC 8794 EBML, RFC 9559 Matroska), with or without
 * metadata, with known sizes or the unknown sizes a live recorder such as MediaRecorder writes.
 */

export const ID = {
  EBML: 0x1a45dfa3,
  SEGMENT: 0x18538067,
  SEEK_HEAD: 0x114d9b74,
  INFO: 0x1549a966,
  TRACKS: 0x1654ae6b,
  CLUSTER: 0x1f43b675,
  TAGS: 0x1254c367,
  ATTACHMENTS: 0x1941a469,
};

function idBytes(id: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(id);
  return bytes.subarray(bytes.findIndex((b) => b !== 0));
}

/** A size as a variable-length integer of `width` bytes, the shortest when not given. */
function vint(value: number, width?: number): Buffer {
  let length = width ?? 1;
  while (!width && value >= 2 ** (7 * length) - 1) length++;
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  const size = Buffer.from(bytes.subarray(8 - length));
  size[0]! |= 0x80 >> (length - 1);
  return size;
}

export function element(id: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([idBytes(id), vint(body.length), body]);
}

/** An element whose size is written in 8 bytes, as muxers that fill it in afterwards do. */
export function wideElement(id: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([idBytes(id), vint(body.length, 8), body]);
}

/** An element of unknown size: all ones (RFC 8794 §6.2), as MediaRecorder writes Segment and Cluster. */
export function unknownSizeElement(id: number, ...content: Buffer[]): Buffer {
  return Buffer.concat([
    idBytes(id),
    Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ...content,
  ]);
}

export function uint(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  const first = bytes.findIndex((b) => b !== 0);
  return bytes.subarray(first === -1 ? 7 : first);
}

export function ebmlHeader(docType = "webm"): Buffer {
  return element(
    ID.EBML,
    element(0x4286, uint(1)),
    element(0x42f7, uint(1)),
    element(0x42f2, uint(4)),
    element(0x42f3, uint(8)),
    element(0x4282, Buffer.from(docType)),
    element(0x4287, uint(4)),
    element(0x4285, uint(2)),
  );
}

export interface InfoSpec {
  /** In TimestampScale units (1 ms unless `scale` says otherwise); omitted when null. */
  duration: number | null;
  scale?: number;
  /** DateUTC, nanoseconds since 2001-01-01. */
  date?: bigint;
  title?: string;
}

export function info(spec: InfoSpec): Buffer {
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(spec.duration ?? 0);
  const date = Buffer.alloc(8);
  date.writeBigInt64BE(spec.date ?? 0n);
  return element(
    ID.INFO,
    element(0x2ad7b1, uint(spec.scale ?? 1_000_000)),
    ...(spec.duration === null ? [] : [element(0x4489, duration)]),
    ...(spec.date === undefined ? [] : [element(0x4461, date)]),
    ...(spec.title === undefined ? [] : [element(0x7ba9, Buffer.from(spec.title))]),
    element(0x4d80, Buffer.from("test muxer")),
    element(0x5741, Buffer.from("test writer")),
  );
}

export function tracks(): Buffer {
  return element(
    ID.TRACKS,
    element(
      0xae,
      element(0xd7, uint(1)),
      element(0x73c5, uint(1)),
      element(0x83, uint(1)),
      element(0x86, Buffer.from("V_VP8")),
      element(0xe0, element(0xb0, uint(16)), element(0xba, uint(16))),
    ),
  );
}

/** A Cluster of SimpleBlocks for track 1, each frame's bytes as given. */
export function cluster(timestamp: number, frames: Buffer[], unknownSize = false): Buffer {
  const blocks = frames.map((frame) => element(0xa3, Buffer.from([0x81, 0, 0, 0x80]), frame));
  const content = [element(0xe7, uint(timestamp)), ...blocks];
  return unknownSize ? unknownSizeElement(ID.CLUSTER, ...content) : element(ID.CLUSTER, ...content);
}

/** Tags with one SimpleTag per name and value, for the whole file. */
export function tags(values: Record<string, string>): Buffer {
  const simpleTags = Object.entries(values).map(([name, value]) =>
    element(0x67c8, element(0x45a3, Buffer.from(name)), element(0x4487, Buffer.from(value))),
  );
  return element(ID.TAGS, element(0x7373, element(0x63c0), ...simpleTags));
}

export function attachments(name: string, data: Buffer): Buffer {
  return element(
    ID.ATTACHMENTS,
    element(
      0x61a7,
      element(0x466e, Buffer.from(name)),
      element(0x4660, Buffer.from("image/jpeg")),
      element(0x465c, data),
      element(0x46ae, uint(1)),
    ),
  );
}

/**
 * A SeekHead pointing at each level-1 element of `children` whose id is in `ids`, by its
 * position from the start of the Segment's data (RFC 9559 §5.1.1): positions are written in 8
 * bytes, so the SeekHead's own size does not depend on them.
 */
export function withSeekHead(children: Buffer[], ids: number[]): Buffer[] {
  const seekHead = (positions: number[]) =>
    element(
      ID.SEEK_HEAD,
      ...ids.map((id, i) => {
        const position = Buffer.alloc(8);
        position.writeBigUInt64BE(BigInt(positions[i] ?? 0));
        return element(0x4dbb, element(0x53ab, idBytes(id)), element(0x53ac, position));
      }),
    );
  let at = seekHead([]).length;
  const positions = new Map<number, number>();
  for (const child of children) {
    const id = [...ids].find((candidate) =>
      child.subarray(0, idBytes(candidate).length).equals(idBytes(candidate)),
    );
    if (id !== undefined && !positions.has(id)) positions.set(id, at);
    at += child.length;
  }
  return [seekHead(ids.map((id) => positions.get(id) ?? 0)), ...children];
}

/** A WebM file: header, then a Segment of the given children, of known or unknown size. */
export function webmFile(children: Buffer[], segmentSize: "known" | "wide" | "unknown" = "known"): Buffer {
  const segment =
    segmentSize === "unknown"
      ? unknownSizeElement(ID.SEGMENT, ...children)
      : segmentSize === "wide"
        ? wideElement(ID.SEGMENT, ...children)
        : element(ID.SEGMENT, ...children);
  return Buffer.concat([ebmlHeader(), segment]);
}

/** A plain WebM lasting `durationMs`, metadata-free, with two Clusters of two frames each. */
export function webm(durationMs: number): Buffer {
  const frames = [Buffer.alloc(40, 1), Buffer.alloc(40, 2)];
  return webmFile([
    info({ duration: durationMs }),
    tracks(),
    cluster(0, frames),
    cluster(durationMs, frames),
  ]);
}
