import fs from "node:fs/promises";
import path from "node:path";
import { MEDIA_TYPES } from "../../../shared/media.ts";

/** Where uploaded media live: one folder in the data directory, named by media id. */
export const mediaDir = (dataDir: string) => path.join(dataDir, "media");

/** Stored names (the extensions of shared/media.ts): `<id>.<ext>` and `<id>.preview.webp`; anything else is not ours to serve. */
export const MEDIA_FILE_NAME = new RegExp(
  `^([A-Za-z0-9_-]{1,64})(\\.preview)?\\.(${Object.keys(MEDIA_TYPES).join("|")})$`,
);

/** An upload being received is written under this prefix, then renamed or removed. */
export const UPLOAD_PREFIX = ".upload-";

/** The media id a stored file name belongs to, or null for a name that is not a media file. */
export function mediaIdOf(name: string): string | null {
  return MEDIA_FILE_NAME.exec(name)?.[1] ?? null;
}

/** Removes stored files; one already gone is fine, any other failure is logged and left. */
export async function removeMediaFiles(dir: string, names: string[]): Promise<void> {
  await Promise.all(
    names.map((name) =>
      fs.rm(path.join(dir, path.basename(name)), { force: true }).catch((error: unknown) => {
        console.error(`p92: could not remove media file ${name}:`, error);
      }),
    ),
  );
}

/**
 * Removes what interrupted uploads left (a crash, or a kill, between receiving and renaming): the
 * files last written before `before` (ms). An upload still arriving writes to its file all along
 * and is cut after the request timeout, so one older than that is left over; a younger one may
 * belong to another server process sharing this folder (P92_WORKERS). Answers how many went.
 */
export async function removeUnfinishedUploads(dir: string, before: number): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const leftovers: string[] = [];
  for (const name of names.filter((n) => n.startsWith(UPLOAD_PREFIX))) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => null);
    if (stat && stat.mtimeMs < before) leftovers.push(name);
  }
  await removeMediaFiles(dir, leftovers);
  return leftovers.length;
}
