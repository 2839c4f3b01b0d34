import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";

/** Adds files to a ZIP being sent, one after the other. */
export interface ZipWriter {
  /**
   * Adds a file from its chunks: compressed (text), or stored as it is (photos and videos are
   * compressed already). Waits while the reader is behind.
   */
  file(
    name: string,
    chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    options?: { compress?: boolean; mtime?: Date },
  ): Promise<void>;
}

/** The reader went away: what was being written is given up. */
export class ZipCancelled extends Error {}

/** What is queued ahead of a slow reader before writing waits: memory stays bounded. */
const AHEAD_BYTES = 1 << 20;

/**
 * A ZIP written by `write` while it is read (fflate's streaming Zip): never whole in memory, and
 * written no faster than it is read. A failure of `write` ends the stream with it (the download
 * then fails rather than looking complete), after `onError`.
 */
export function zipStream(
  write: (zip: ZipWriter) => Promise<void>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let resume: (() => void) | null = null;
  let cancelled = false;
  const wake = () => {
    resume?.();
    resume = null;
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: wake,
      cancel: () => {
        cancelled = true;
        wake();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: AHEAD_BYTES }),
  );
  const zip = new Zip((error, chunk, final) => {
    if (cancelled) return;
    if (error) return controller.error(error);
    controller.enqueue(chunk);
    if (final) controller.close();
  });
  const room = async () => {
    while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((r) => (resume = r));
    if (cancelled) throw new ZipCancelled("the archive's reader went away");
  };
  const writer: ZipWriter = {
    async file(name, chunks, { compress = true, mtime } = {}) {
      const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
      if (mtime) entry.mtime = mtime;
      zip.add(entry);
      for await (const chunk of chunks) {
        entry.push(typeof chunk === "string" ? strToU8(chunk) : chunk);
        await room();
      }
      entry.push(new Uint8Array(0), true);
    },
  };
  write(writer).then(
    () => {
      if (!cancelled) zip.end();
    },
    (error: unknown) => {
      if (error instanceof ZipCancelled) return;
      onError(error);
      if (!cancelled) controller.error(error);
    },
  );
  return stream;
}
