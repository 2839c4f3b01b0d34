import fs from "node:fs/promises";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { checkMp4 } from "./mp4.ts";
import { VideoFile } from "./video-file.ts";
import { checkWebm } from "./webm.ts";

/**
 * Checks an uploaded video and removes its metadata in place, answering its duration in seconds.
 *
 * A video's container carries more than pictures and sound: where it was filmed (QuickTime's
 * `©xyz`, Apple's location keys, GPS tracks), when, on which device, by which person. Each box or
 * element carrying such metadata is overwritten with padding of exactly its own size, zero-filled:
 * a `free` box in MP4 and QuickTime (ISO/IEC 14496-12 §8.1.2, which readers ignore), a `Void`
 * element in WebM (RFC 8794 §11.3.2, made for this). Nothing after it moves, so no offset needs
 * fixing: chunk offsets (stco/co64), fragment offsets (tfhd/trun, sidx), WebM's SeekHead and Cues
 * all still point at the same bytes, and the media samples are left exactly as they were.
 *
 * A file whose structure cannot be followed is refused (422 `unreadable_video`) rather than
 * stored as it came, since what cannot be read cannot be stripped; so is one whose container does
 * not state its duration (422 `unknown_duration`), and one whose movie box or WebM Info is too
 * large to read into memory (422 `video_header_too_large`). Only headers and the boxes or
 * elements that must be parsed are read, never the whole file.
 */
export async function checkVideo(
  file: string,
  mimeType: string,
  size: number,
): Promise<{ duration: number }> {
  const check = containerOf(mimeType);
  await checks.enter();
  try {
    return await checkOne(file, mimeType, size, check);
  } finally {
    checks.leave();
  }
}

/**
 * At most two videos are checked at once: a check may hold a 64 MiB movie box in memory and walk
 * a million elements, so uploads arriving together wait their turn rather than add up.
 */
const checks = (() => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async enter(): Promise<void> {
      if (running < 2) {
        running++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    leave(): void {
      const next = waiting.shift();
      if (next) next();
      else running--;
    },
  };
})();

async function checkOne(
  file: string,
  mimeType: string,
  size: number,
  check: (video: VideoFile) => Promise<number | null>,
): Promise<{ duration: number }> {
  const handle = await fs.open(file, "r+");
  try {
    const video = new VideoFile(handle, mimeType, size);
    const duration = await check(video).catch((error: unknown) => {
      // Every length is checked before it is read; should a check be missing all the same, a
      // Buffer read out of range is still this file's fault, not the server's.
      throw error instanceof RangeError ? video.unreadable("a structure in it is cut short") : error;
    });
    if (duration === null) {
      throw new ApiFailure(422, "unknown_duration", `This ${mimeType} file does not state its duration`);
    }
    await video.commit();
    return { duration };
  } finally {
    await handle.close();
  }
}

function containerOf(mimeType: string): (video: VideoFile) => Promise<number | null> {
  if (mimeType === "video/webm") return checkWebm;
  if (mimeType === "video/mp4" || mimeType === "video/quicktime") return checkMp4;
  throw new Error(`checkVideo: ${mimeType} is not a video type`);
}
