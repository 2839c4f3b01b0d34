import type { Media } from "../../shared/schema/social.ts";
import { ApiFailure } from "../../shared/api-failure.ts";

import { DEFAULT_MEDIA_LIMITS, IMAGE_TYPES, VIDEO_TYPES } from "../../shared/media.ts";

export type FileProblem =
  | { kind: "badType" }
  | { kind: "tooBig"; maxMegabytes: number }
  | { kind: "tooLong" }
  | { kind: "unreadable" };

/** Checks type and size before anything is sent; videos are also checked for length. */
export async function checkAttachment(file: File): Promise<FileProblem | null> {
  const isImage = IMAGE_TYPES.includes(file.type);
  const isVideo = VIDEO_TYPES.includes(file.type);
  if (!isImage && !isVideo) return { kind: "badType" };
  // The server's default limits; it checks again, and says so if its own differ.
  const { maxImageBytes, maxVideoBytes, maxVideoSeconds } = DEFAULT_MEDIA_LIMITS;
  const max = isImage ? maxImageBytes : maxVideoBytes;
  if (file.size > max) return { kind: "tooBig", maxMegabytes: max / 1024 / 1024 };
  if (isVideo) {
    const seconds = await videoDuration(file);
    if (seconds === null) return { kind: "unreadable" };
    if (seconds > maxVideoSeconds) return { kind: "tooLong" };
  }
  return null;
}

/** A video's length in seconds, read from its metadata by the browser; null if unreadable. */
export function videoDuration(file: Blob): Promise<number | null> {
  return new Promise((resolve) => {
    const video = document.createElement("video");
    const url = URL.createObjectURL(file);
    const done = (value: number | null) => {
      URL.revokeObjectURL(url);
      video.removeAttribute("src");
      resolve(value);
    };
    video.preload = "metadata";
    video.onloadedmetadata = () => done(Number.isFinite(video.duration) ? video.duration : null);
    video.onerror = () => done(null);
    video.src = url;
  });
}

/**
 * Uploads one file to the server's POST /api/media with XMLHttpRequest, the one browser API that
 * reports upload progress, and answers the stored media description.
 */
export function uploadMedia(
  file: Blob,
  options: { serverUrl: string; token: string; onProgress: (fraction: number) => void },
): { done: Promise<Media>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Media>((resolve, reject) => {
    xhr.open("POST", new URL("/api/media", options.serverUrl));
    xhr.setRequestHeader("authorization", `Bearer ${options.token}`);
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as
        { media?: Media; error?: { code: string; message: string } } | Media | null;
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve("media" in body && body.media ? body.media : (body as Media));
        return;
      }
      const error = body && "error" in body ? body.error : undefined;
      reject(
        new ApiFailure(
          xhr.status,
          error?.code ?? `http-${xhr.status}`,
          error?.message ?? xhr.statusText,
          undefined,
          { "retry-after": xhr.getResponseHeader("retry-after") ?? "" },
        ),
      );
    };
    xhr.onerror = () => reject(new ApiFailure(0, "network", "network error"));
    xhr.onabort = () => reject(new ApiFailure(0, "aborted", "upload cancelled"));
    // The server takes the raw file as the body and reads its type from the first bytes.
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
