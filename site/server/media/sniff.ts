import { MEDIA_TYPES } from "../../../shared/media.ts";

/**
 * The type of an upload, from its first bytes only: the name and Content-Type a client sends are
 * never trusted. Signatures: JPEG FF D8 FF; PNG's 8-byte signature; GIF87a/GIF89a; RIFF....WEBP;
 * ISO-BMFF `ftyp` brands for AVIF, MP4 and QuickTime; the EBML header with DocType "webm".
 */
export interface SniffedType {
  kind: "image" | "video";
  mimeType: string;
  extension: string;
}

/** How many leading bytes `sniff` needs to decide. */
export const SNIFF_BYTES = 64;

type Extension = keyof typeof MEDIA_TYPES;
const IMAGE = (extension: Extension): SniffedType => ({
  kind: "image",
  mimeType: MEDIA_TYPES[extension],
  extension,
});
const VIDEO = (extension: Extension): SniffedType => ({
  kind: "video",
  mimeType: MEDIA_TYPES[extension],
  extension,
});

export function sniff(head: Uint8Array): SniffedType | null {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const ascii = (start: number, end: number) => bytes.toString("latin1", start, end);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return IMAGE("jpg");
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return IMAGE("png");
  }
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return IMAGE("gif");
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return IMAGE("webp");
  if (ascii(4, 8) === "ftyp") return fromBrands(bytes);
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x1a45dfa3 && bytes.includes(Buffer.from("webm")))
    return VIDEO("webm");
  // QuickTime files from before `ftyp` existed start straight with a movie atom.
  if (["moov", "mdat", "wide", "free"].includes(ascii(4, 8))) return VIDEO("mov");
  return null;
}

function fromBrands(bytes: Buffer): SniffedType | null {
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
  const brands: string[] = [bytes.toString("latin1", 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(bytes.toString("latin1", at, at + 4));
  if (brands.includes("avif") || brands.includes("avis")) return IMAGE("avif");
  if (brands[0] === "qt  ") return VIDEO("mov");
  const mp4 = ["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "M4V ", "MSNV"];
  if (brands.some((brand) => mp4.includes(brand))) return VIDEO("mp4");
  return null;
}
