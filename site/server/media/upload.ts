import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import sharp, { type FormatEnum, type OutputInfo } from "sharp";
import type { MediaLimits } from "../../../shared/media.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import type { MediaRecord } from "../storage/records.ts";
import { UPLOAD_PREFIX, mediaDir } from "./files.ts";
import { SNIFF_BYTES, sniff, type SniffedType } from "./sniff.ts";
import { checkVideo } from "./video.ts";

export const PREVIEW_SIZE = 480;

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const unsupported = () =>
  new ApiFailure(
    415,
    "unsupported_media_type",
    "Only JPEG, PNG, WebP, GIF and AVIF photos and MP4, WebM and QuickTime videos can be uploaded",
  );

const tooLarge = (kind: string, limit: number) =>
  new ApiFailure(413, "too_large", `A ${kind} may be at most ${megabytes(limit)} (${limit} bytes)`);

export const overQuota = (quota: number) =>
  new ApiFailure(
    413,
    "over_quota",
    `Your media would take more than your ${megabytes(quota)} of storage; delete posts with photos or videos to make room`,
  );

/**
 * Stores an upload: streams the body to a temporary file in the data directory, decides the type
 * from the first bytes, enforces the size limit of that type and what is left of the owner's
 * quota (`quotaLeft`) while reading, then makes the final file (photos re-encoded without
 * metadata, videos checked and stripped of theirs).
 */
export async function storeUpload(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: number,
  owner: { id: number; quotaLeft: number },
  dataDir: string,
  limits: MediaLimits,
): Promise<MediaRecord> {
  const ownerId = owner.id;
  if (declaredLength > Math.max(limits.maxImageBytes, limits.maxVideoBytes)) {
    throw tooLarge("video", limits.maxVideoBytes);
  }
  if (declaredLength > owner.quotaLeft) throw overQuota(limits.quotaBytes);
  const dir = mediaDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const id = randomBytes(12).toString("base64url");
  const temp = path.join(dir, `${UPLOAD_PREFIX}${id}`);
  try {
    const { type, size } = await receive(body, temp, declaredLength, limits, owner.quotaLeft);
    const received: Received = { temp, dir, id, ownerId, type, size };
    return type.kind === "image" ? await finishImage(received) : await finishVideo(received, limits);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

function limitOf(type: SniffedType, limits: MediaLimits): number {
  return type.kind === "image" ? limits.maxImageBytes : limits.maxVideoBytes;
}

async function receive(
  body: ReadableStream<Uint8Array> | null,
  temp: string,
  declaredLength: number,
  limits: MediaLimits,
  quotaLeft: number,
): Promise<{ type: SniffedType; size: number }> {
  if (!body) throw unsupported();
  const file = await fs.open(temp, "w");
  let head = Buffer.alloc(0);
  let type: SniffedType | null = null;
  let size = 0;
  const decide = () => {
    type = sniff(head);
    if (!type) throw unsupported();
    const limit = limitOf(type, limits);
    if (declaredLength > limit || size > limit) throw tooLarge(type.kind, limit);
    return type;
  };
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > quotaLeft) throw overQuota(limits.quotaBytes);
      if (!type && head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, chunk]).subarray(0, SNIFF_BYTES);
        if (head.length >= SNIFF_BYTES) decide();
      }
      if (type && size > limitOf(type, limits))
        throw tooLarge((type as SniffedType).kind, limitOf(type, limits));
      await file.write(chunk);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  if (size === 0) throw new ApiFailure(400, "empty", "The upload is empty");
  return { type: type ?? decide(), size };
}

/** An upload received in full: its temporary file, its new id and owner, its type and size. */
interface Received {
  temp: string;
  dir: string;
  id: string;
  ownerId: number;
  type: SniffedType;
  size: number;
}

async function finishImage(received: Received): Promise<MediaRecord> {
  const { temp, dir, id, type, size } = received;
  const animated = type.mimeType === "image/gif" || type.mimeType === "image/webp";
  const file = `${id}.${type.extension}`;
  const previewFile = `${id}.preview.webp`;
  let info: OutputInfo;
  try {
    // Re-encoding drops every metadata block (EXIF with GPS, XMP, IPTC); rotate() first applies
    // the EXIF orientation, so the picture still stands the right way up without it.
    info = await sharp(temp, { animated })
      .rotate()
      .toFormat(type.extension === "jpg" ? "jpeg" : (type.extension as keyof FormatEnum))
      .toFile(path.join(dir, file));
    await sharp(temp)
      .rotate()
      .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(path.join(dir, previewFile));
  } catch {
    await fs.rm(path.join(dir, file), { force: true });
    throw new ApiFailure(
      422,
      "unreadable_image",
      `This ${type.mimeType} file could not be read as a picture`,
    );
  }
  await syncFiles(dir, [file, previewFile]);
  const height = animated && info.pageHeight ? info.pageHeight : info.height;
  return record(received, {
    file,
    size: info.size || size,
    previewFile,
    width: info.width,
    height,
    duration: null,
  });
}

async function finishVideo(received: Received, limits: MediaLimits): Promise<MediaRecord> {
  const { temp, dir, id, type, size } = received;
  // Checks the container and removes its metadata (location, dates, device) in place.
  const { duration } = await checkVideo(temp, type.mimeType, size);
  if (duration > limits.maxVideoSeconds) {
    throw new ApiFailure(
      422,
      "too_long",
      `A video may last at most ${limits.maxVideoSeconds} s (this one lasts ${Math.round(duration)} s)`,
    );
  }
  const file = `${id}.${type.extension}`;
  await fs.rename(temp, path.join(dir, file));
  await syncFiles(dir, []);
  return record(received, { file, size, previewFile: null, width: null, height: null, duration });
}

/**
 * Flushes new files and the directory entry naming them to disk before the media row commits, so
 * an acknowledged upload is never a row pointing at a file lost in a crash.
 */
async function syncFiles(dir: string, files: string[]): Promise<void> {
  for (const name of [...files.map((f) => path.join(dir, f)), dir]) {
    const handle = await fs.open(name, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

type StoredFile = Pick<MediaRecord, "file" | "size" | "previewFile" | "width" | "height" | "duration">;

function record({ id, ownerId, type }: Received, stored: StoredFile): MediaRecord {
  return {
    id,
    ownerId,
    kind: type.kind,
    mimeType: type.mimeType,
    ...stored,
    createdAt: new Date().toISOString(),
    attached: false,
  };
}
