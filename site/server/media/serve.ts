import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { ApiFailure, notFound } from "../http/errors.ts";
import { mediaDir } from "./upload.ts";

const FILE_NAME = /^[A-Za-z0-9_-]{1,64}(\.preview)?\.(jpg|png|gif|webp|avif|mp4|webm|mov)$/;
const TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
};

/**
 * A stored media file: its own Content-Type, never sniffed by the browser, cached for a year (a
 * file never changes under its name), and byte ranges (206) so videos can seek.
 */
export async function serveMedia(dataDir: string, name: string, range: string | null): Promise<Response> {
  if (!FILE_NAME.test(name)) throw notFound(`Media ${name}`);
  const file = path.join(mediaDir(dataDir), name);
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat?.isFile()) throw notFound(`Media ${name}`);
  const headers = new Headers({
    "Content-Type": TYPES[path.extname(name).slice(1)]!,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=31536000, immutable",
    "Accept-Ranges": "bytes",
    "Content-Security-Policy": "default-src 'none'",
  });
  const size = stat.size;
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range) {
    const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const from = match?.[1] ? Number(match[1]) : null;
    const to = match?.[2] ? Number(match[2]) : null;
    if (!match || (from === null && to === null)) throw badRange(size);
    if (from === null) start = Math.max(0, size - to!);
    else {
      start = from;
      if (to !== null) end = Math.min(to, size - 1);
    }
    if (start > end || start >= size) throw badRange(size);
    status = 206;
    headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  }
  headers.set("Content-Length", String(end - start + 1));
  const stream = fs.createReadStream(file, { start, end });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
}

const badRange = (size: number) =>
  new ApiFailure(
    416,
    "bad_range",
    `The requested range is not within the ${size} bytes of this file`,
    undefined,
    {
      "Content-Range": `bytes */${size}`,
    },
  );
