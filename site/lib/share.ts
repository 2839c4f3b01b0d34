import { DEFAULT_MEDIA_LIMITS } from "../../shared/media.ts";
import { POST_MAX_UTF16 } from "../../shared/post-length.ts";
import { LIMITS } from "../../shared/input-rules.ts";
import { db } from "./db.ts";
import { SETTING, readSetting, writeSetting } from "./settings.ts";

/**
 * What another app shared into the installed P92 (the manifest's share target): the service
 * worker stores it here, the composer takes it. Files stay on the device until they are
 * uploaded (each is dropped once it is), so a reload or going offline loses none of them.
 */
export interface SharedFile {
  id: string;
  name: string;
  type: string;
  blob: Blob;
}

export interface Share {
  /** Title, text and link joined, for the composer; emptied once the composer took it. */
  text: string;
  files: SharedFile[];
  /** Files that were not kept (too many, or larger than any upload may be), by name. */
  skipped: string[];
}

/** The largest file any upload may be; the composer checks each file's own limit. */
const MAX_FILE_BYTES = Math.max(DEFAULT_MEDIA_LIMITS.maxImageBytes, DEFAULT_MEDIA_LIMITS.maxVideoBytes);
/** A file name is only shown: a long one is cut. */
const MAX_NAME = 200;
/** Names of files not kept, said to the person: the first few are enough. */
const MAX_SKIPPED = 10;
/** The most a share's form may weigh: a post's files at the largest size, and its text. */
export const MAX_SHARE_BYTES = LIMITS.mediaPerPost * MAX_FILE_BYTES + 1024 * 1024;

/** Reads the share target's form (fields `title`, `text`, `url`, `media`), within bounds. */
export function shareFromForm(form: FormData): Share {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.trim().slice(0, POST_MAX_UTF16) : "";
  };
  const parts = [field("title"), field("text"), field("url")].filter(Boolean);
  // Apps often put the link in the text as well: it is said once.
  const unique = parts.filter((part, i) => !parts.slice(0, i).some((earlier) => earlier.includes(part)));
  const files: SharedFile[] = [];
  const skipped: string[] = [];
  for (const value of form.getAll("media")) {
    if (typeof value === "string") continue;
    const name = value.name.slice(0, MAX_NAME) || "file";
    if (files.length >= LIMITS.mediaPerPost || value.size > MAX_FILE_BYTES) skip(skipped, name);
    else files.push({ id: crypto.randomUUID(), name, type: value.type, blob: value });
  }
  return { text: unique.join("\n\n").slice(0, POST_MAX_UTF16), files, skipped };
}

function skip(skipped: string[], name: string): void {
  if (skipped.length < MAX_SKIPPED) skipped.push(name);
}

/**
 * A share joins one not yet taken (the person shared twice before opening the composer, or a
 * file of the first still waits to upload): the texts are joined, the files kept up to a post's
 * number, so nothing shared is dropped silently.
 */
export async function saveShare(share: Share): Promise<void> {
  // An empty share (nothing the composer could take) is not kept.
  if (!share.text && share.files.length === 0 && share.skipped.length === 0) return;
  await db.transaction("rw", db.settings, async () => {
    const waiting = await readShare();
    if (!waiting) return writeSetting(SETTING.share, share);
    const files = [...waiting.files];
    const skipped = [...waiting.skipped];
    for (const file of share.files) {
      if (files.length < LIMITS.mediaPerPost) files.push(file);
      else skip(skipped, file.name);
    }
    for (const name of share.skipped) skip(skipped, name);
    const text = [waiting.text, share.text].filter(Boolean).join("\n\n").slice(0, POST_MAX_UTF16);
    await writeSetting(SETTING.share, { text, files, skipped });
  });
}

export async function readShare(): Promise<Share | null> {
  return (await readSetting<Share>(SETTING.share)) ?? null;
}

/** The composer took the text and the skipped names: only the files wait, until uploaded. */
export async function takeShareText(): Promise<void> {
  await changeShare((share) => ({ ...share, text: "", skipped: [] }));
}

/** Files uploaded, refused or removed by the person: no longer kept for the composer. */
export async function dropSharedFiles(ids: readonly string[]): Promise<void> {
  await changeShare((share) => ({ ...share, files: share.files.filter((file) => !ids.includes(file.id)) }));
}

async function changeShare(change: (share: Share) => Share): Promise<void> {
  await db.transaction("rw", db.settings, async () => {
    const share = await readShare();
    if (!share) return;
    const next = change(share);
    await writeSetting(SETTING.share, next.text || next.files.length > 0 ? next : null);
  });
}
