/**
 * Which built files are compressed, by extension, with the type to send them as, and the
 * encodings: the build writes the copies (site/build/precompress.ts), the server sends them
 * (site/server/http/compressed-files.ts).
 */
export const COMPRESSIBLE_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** The copies written beside a text file, best first. */
export const ENCODINGS = [
  { name: "br", extension: ".br" },
  { name: "gzip", extension: ".gz" },
] as const;
export type Encoding = (typeof ENCODINGS)[number];
