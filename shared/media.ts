/**
 * The media a P92 server accepts, and its default limits: the server enforces them (it sniffs
 * each upload's type from its bytes), the composer checks the same before sending anything. A
 * server may be configured to other limits (P92_MAX_IMAGE_BYTES…); it then says so in its refusal.
 */

/** Accepted types, by the extension a stored file gets. */
export const MEDIA_TYPES = {
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
} as const;

const types = Object.values(MEDIA_TYPES);
export const IMAGE_TYPES: readonly string[] = types.filter((type) => type.startsWith("image/"));
export const VIDEO_TYPES: readonly string[] = types.filter((type) => type.startsWith("video/"));
/** What a file picker offers. */
export const ACCEPTED_MEDIA_TYPES = types.join(",");

export interface MediaLimits {
  maxImageBytes: number;
  maxVideoBytes: number;
  maxVideoSeconds: number;
  /** What one account may keep in uploaded media, all files together. */
  quotaBytes: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxImageBytes: 16 * 1024 * 1024,
  maxVideoBytes: 200 * 1024 * 1024,
  maxVideoSeconds: 300,
  quotaBytes: 2 * 1024 * 1024 * 1024,
};
