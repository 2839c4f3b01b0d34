import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { COMPRESSIBLE_TYPES, ENCODINGS } from "../../shared/compressed-files.ts";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `x.br` and `x.gz` beside every text file of the build (pages, scripts, styles, the
 * manifest), for the server to send to browsers that take them: once at build time, at the best
 * ratio, instead of on every request. Run last, after the service worker lists the files.
 */
export async function precompress(clientDir: string): Promise<number> {
  let written = 0;
  for (const entry of await fs.readdir(clientDir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !(path.extname(file) in COMPRESSIBLE_TYPES)) continue;
    const body = await fs.readFile(file);
    // Below about a packet, compressing saves nothing worth a second file.
    if (body.length < 1024) continue;
    for (const encoding of ENCODINGS) {
      const compressed =
        encoding.name === "br"
          ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })
          : await gzip(body, { level: 9 });
      await fs.writeFile(file + encoding.extension, compressed);
      written++;
    }
  }
  return written;
}
