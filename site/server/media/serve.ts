import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import send from "send";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { notFound, writeFailure } from "../http/errors.ts";
import type { Store } from "../storage/store.ts";
import { MEDIA_TYPES } from "../../../shared/media.ts";
import { mediaIdOf } from "./files.ts";

/** Attached media never change under their name. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * GET /api/media/:file, answered by serve.ts itself rather than through Astro: `send` streams the
 * file with backpressure (a client that does not read holds one buffer, not the whole file),
 * answers byte ranges (206, 416) for seeking in videos, and conditional requests.
 *
 * Only files of media the database still knows are served, so the media of a deleted post or a
 * replaced avatar answer 404 at once. Until media are attached to a post or a profile they may
 * still be removed (never attached after a day), so they are served with `no-cache`; attached,
 * they are cached for a year. Each has its own type, never sniffed, and no active content.
 */
export async function serveMedia(
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
  where: { store: Store; dir: string },
): Promise<void> {
  const id = mediaIdOf(name);
  const media = id === null ? null : await where.store.mediaById(id);
  if (!media || (name !== media.file && name !== media.previewFile)) {
    return writeFailure(response, notFound(`Media ${name}`));
  }
  sendFile(request, response, {
    dir: where.dir,
    name,
    type: MEDIA_TYPES[path.extname(name).slice(1) as keyof typeof MEDIA_TYPES],
    cacheControl: media.attached ? IMMUTABLE : "no-cache",
  });
}

/**
 * Streams a media file (`name` in `dir`) with its type, never sniffed, and no active content:
 * byte ranges (206, 416) and conditional requests answered by `send`. A file gone meanwhile is a
 * 404; failing halfway through the body can only cut the answer short.
 */
export function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: { dir: string; name: string; type: string; cacheControl: string },
): void {
  const { name } = file;
  send(request, name, { root: file.dir, dotfiles: "deny", index: false, cacheControl: false })
    .on("headers", (res: ServerResponse) => {
      res.setHeader("Content-Type", file.type);
      res.setHeader("Cache-Control", file.cacheControl);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
    })
    .on("error", (error: { statusCode?: number; headers?: Record<string, string> }) => {
      // Failing halfway through the body: the answer can only be cut short.
      if (response.headersSent) return void response.destroy();
      if (error.statusCode === 416) {
        const range = error.headers?.["Content-Range"] ?? "";
        const size = /\/(\d+)$/.exec(range)?.[1] ?? "?";
        return writeFailure(
          response,
          new ApiFailure(
            416,
            "bad_range",
            `The requested range is not within the ${size} bytes of this file`,
            undefined,
            {
              "Content-Range": range,
            },
          ),
        );
      }
      // The row is there but its file is not (being removed right now): gone all the same.
      if (error.statusCode === 404) return writeFailure(response, notFound(`Media ${name}`));
      console.error(`p92: serving media ${name}:`, error);
      writeFailure(response, new ApiFailure(500, "internal", "The server failed to read this file"));
    })
    .pipe(response);
}
