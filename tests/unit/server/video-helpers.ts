import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { checkVideo } from "../../../site/server/media/video.ts";

export type VideoType = "video/mp4" | "video/quicktime" | "video/webm";

/** Runs the upload check on `bytes` in a temporary file: the duration and the file as stored. */
export async function check(bytes: Buffer, mimeType: VideoType) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "p92-video-"));
  const file = path.join(dir, "upload");
  await fs.writeFile(file, bytes);
  try {
    const { duration } = await checkVideo(file, mimeType, bytes.length);
    return { duration, stored: await fs.readFile(file) };
  } finally {
    await fs.rm(dir, { recursive: true });
  }
}

/** The refusal the check answers for `bytes`; fails the test if it accepts them. */
export async function refusal(bytes: Buffer, mimeType: VideoType): Promise<ApiFailure> {
  const error = await check(bytes, mimeType).then(
    () => null,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ApiFailure)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(error.status).toBe(422);
  return error;
}

/** Accepted or refused with a 422, never anything else (a 500, a RangeError). */
export async function expectAnsweredCleanly(bytes: Buffer, mimeType: VideoType): Promise<void> {
  await check(bytes, mimeType).catch((error: unknown) => {
    if (!(error instanceof ApiFailure) || error.status !== 422) {
      throw new Error(`a ${bytes.length}-byte file made the check throw ${String(error)}`);
    }
  });
}

/** A small deterministic pseudo-random sequence (mulberry32), so a failing case can be replayed. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const contains = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, "latin1"));
