/** Boxes of an MP4 file found independently of the code under test, for the video tests. */

export interface Found {
  type: string;
  start: number;
  payload: number;
  end: number;
}

/** The boxes at `types`, a path, inside `parent` or from the top level; read independently of the code under test. */
export function find(bytes: Buffer, ...types: string[]): Found[] {
  return within(bytes, { type: "", start: 0, payload: 0, end: bytes.length }, ...types);
}

export function within(bytes: Buffer, parent: Found, ...types: string[]): Found[] {
  const found: Found[] = [];
  for (let at = parent.payload; at + 8 <= parent.end;) {
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1) [size, header] = [Number(bytes.readBigUInt64BE(at + 8)), 16];
    if (size === 0) size = parent.end - at;
    const box = {
      type: bytes.toString("latin1", at + 4, at + 8),
      start: at,
      payload: at + header,
      end: at + size,
    };
    if (box.type === types[0])
      found.push(...(types.length === 1 ? [box] : within(bytes, box, ...types.slice(1))));
    at += size;
  }
  return found;
}

/** The stco box of the file's second track. */
export const secondStco = (bytes: Buffer) =>
  within(bytes, find(bytes, "moov", "trak")[1]!, "mdia", "minf", "stbl", "stco")[0]!;
