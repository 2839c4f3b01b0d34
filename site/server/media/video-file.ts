import type { FileHandle } from "node:fs/promises";
import { ApiFailure } from "../../../shared/api-failure.ts";

/** Boxes and elements read whole to be parsed (a movie box, a WebM Info) are refused above this. */
export const MAX_PARSED_BYTES = 64 * 1024 * 1024;

/** Read-ahead for box and element headers, so a run of small ones costs one read, not one each. */
const WINDOW_BYTES = 64 * 1024;

/** Zeros written per call when a large metadata box or element is blanked. */
const ZEROS = Buffer.alloc(1024 * 1024);

type Edit = { at: number; bytes: Buffer } | { at: number; zeros: number };

/**
 * An uploaded video being checked: bounded reads of what must be parsed, and edits queued until
 * the whole file has been found sound, so a refused upload is never left half rewritten. Every
 * edit overwrites bytes in place; the file never changes length.
 */
export class VideoFile {
  readonly size: number;
  readonly mimeType: string;
  readonly #handle: FileHandle;
  #window: Buffer = Buffer.alloc(0);
  #windowAt = 0;
  readonly #edits: Edit[] = [];

  constructor(handle: FileHandle, mimeType: string, size: number) {
    this.#handle = handle;
    this.mimeType = mimeType;
    this.size = size;
  }

  /** Up to `length` bytes at `at`, fewer where the file ends; a view of the read-ahead window. */
  async peek(at: number, length: number): Promise<Buffer> {
    const end = Math.min(at + length, this.size);
    if (at < this.#windowAt || end > this.#windowAt + this.#window.length) {
      this.#window = await this.#read(at, Math.max(WINDOW_BYTES, end - at));
      this.#windowAt = at;
    }
    return this.#window.subarray(at - this.#windowAt, Math.max(at, end) - this.#windowAt);
  }

  /**
   * Exactly `length` bytes at `at`, in a buffer of their own that may be edited and written back;
   * refuses structures larger than MAX_PARSED_BYTES, which no camera or encoder writes.
   */
  async readWhole(at: number, length: number, what: string): Promise<Buffer> {
    if (length > MAX_PARSED_BYTES) {
      throw new ApiFailure(
        422,
        "video_header_too_large",
        `This ${this.mimeType} file's ${what} is ${length} bytes; at most ${MAX_PARSED_BYTES} are read`,
      );
    }
    const bytes = await this.#read(at, length);
    if (bytes.length < length) throw this.unreadable(`the ${what} at byte ${at} is cut off`);
    return bytes;
  }

  /** Queues `bytes` to be written at `at` once the whole file has been checked. */
  write(at: number, bytes: Buffer): void {
    this.#edits.push({ at, bytes });
  }

  /** Queues `length` zero bytes at `at`. */
  zero(at: number, length: number): void {
    if (length > 0) this.#edits.push({ at, zeros: length });
  }

  /** Writes the queued edits and flushes them to disk. */
  async commit(): Promise<void> {
    for (const edit of this.#edits) {
      if ("bytes" in edit) {
        await this.#handle.write(edit.bytes, 0, edit.bytes.length, edit.at);
        continue;
      }
      for (let done = 0; done < edit.zeros; done += ZEROS.length) {
        await this.#handle.write(ZEROS, 0, Math.min(ZEROS.length, edit.zeros - done), edit.at + done);
      }
    }
    if (this.#edits.length > 0) await this.#handle.sync();
  }

  unreadable(reason: string): ApiFailure {
    return new ApiFailure(
      422,
      "unreadable_video",
      `This ${this.mimeType} file could not be read as a video: ${reason}`,
    );
  }

  async #read(at: number, length: number): Promise<Buffer> {
    const bytes = Buffer.alloc(Math.max(0, Math.min(length, this.size - at)));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await this.#handle.read(bytes, filled, bytes.length - filled, at + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  }
}
