import fs from "node:fs/promises";
import path from "node:path";
import {
  ARCHIVE_FILES,
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveManifest,
  type ArchivedProfile,
} from "../../../shared/archive.ts";
import { mediaDir } from "../media/files.ts";
import type { Runtime } from "../runtime.ts";
import { toAccount } from "../serialize.ts";
import { isRemoteMedia, type AccountRecord, type MediaRecord } from "../storage/records.ts";
import {
  archivedPosts,
  follows,
  instagramLists,
  interactions,
  jsonArray,
  mediaPath,
  ownPosts,
  relations,
} from "./lists.ts";
import { pageStart, PAGE_END, postHtml } from "./posts-html.ts";
import { archiveTexts, type ArchiveWords } from "./words.ts";
import type { ZipWriter } from "./zip-writer.ts";

/**
 * Writes an account's archive (shared/archive.ts says what each file holds), every list read
 * page by page (lists.ts). `exportedAt` names the moment; what changes while it is written may or
 * may not be in it (a post deleted meanwhile may leave its files out).
 */
export async function writeArchive(
  zip: ZipWriter,
  runtime: Pick<Runtime, "store" | "config">,
  account: AccountRecord,
  options: { exportedAt: Date; words: ArchiveWords },
): Promise<void> {
  const { exportedAt: mtime, words } = options;
  const texts = archiveTexts(words);
  const folder = mediaDir(runtime.config.dataDir);
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: mtime.toISOString(),
    server: runtime.config.publicUrl,
    handle: account.handle,
    language: words.language,
  };
  await zip.file(ARCHIVE_FILES.readme, [texts.readme], mtime);
  await zip.file(ARCHIVE_FILES.manifest, [json(manifest)], mtime);
  const avatar = account.avatar && (await exists(folder, account.avatar)) ? account.avatar : null;
  const profile: ArchivedProfile = {
    account: toAccount(runtime.config.publicUrl, account),
    avatar: avatar ? mediaPath(avatar) : null,
  };
  await zip.file(ARCHIVE_FILES.profile, [json(profile)], mtime);

  const posts = () => archivedPosts(runtime, account);
  await zip.file(ARCHIVE_FILES.posts, jsonArray(posts()), mtime);
  const page = async function* () {
    yield pageStart(texts, account.handle, manifest);
    for await (const batch of posts()) yield batch.map((post) => postHtml(texts, post)).join("");
    yield PAGE_END;
  };
  await zip.file(ARCHIVE_FILES.page, page(), mtime);

  for (const side of ["followers", "following", "requested"] as const)
    await zip.file(ARCHIVE_FILES[side], jsonArray(follows(runtime, account, side)), mtime);
  await zip.file(ARCHIVE_FILES.blocked, jsonArray(relations(runtime, account, "block")), mtime);
  await zip.file(ARCHIVE_FILES.muted, jsonArray(relations(runtime, account, "mute")), mtime);
  await zip.file(ARCHIVE_FILES.likes, jsonArray(interactions(runtime, account, "like")), mtime);
  await zip.file(ARCHIVE_FILES.reposts, jsonArray(interactions(runtime, account, "repost")), mtime);
  await zip.file(ARCHIVE_FILES.instagram, instagramLists(runtime, account), mtime);

  // The files last, stored as they are: the avatar, then each post's, dated as the post; a file
  // several posts share (or the avatar too) is written once.
  const files = async function* () {
    if (avatar) yield { media: avatar, at: mtime };
    for await (const page of ownPosts(runtime, account)) {
      for (const post of page) {
        for (const media of post.media)
          if (!isRemoteMedia(media)) yield { media, at: new Date(post.createdAt) };
      }
    }
  };
  const written = new Set<string>();
  for await (const { media, at } of files()) {
    const name = mediaPath(media);
    if (written.has(name) || !(await exists(folder, media))) continue;
    written.add(name);
    await zip.storedFile(name, () => readFile(folder, media), at);
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const fileOf = (folder: string, media: Pick<MediaRecord, "file">) =>
  path.join(folder, path.basename(media.file));

/** A post deleted while the archive is written takes its files with it: they are left out. */
function exists(folder: string, media: Pick<MediaRecord, "file">): Promise<boolean> {
  return fs.access(fileOf(folder, media)).then(
    () => true,
    () => false,
  );
}

/** A media file's bytes; the file is closed however the reading ends. */
async function* readFile(folder: string, media: Pick<MediaRecord, "file">): AsyncIterable<Uint8Array> {
  const file = await fs.open(fileOf(folder, media));
  try {
    yield* file.createReadStream({ autoClose: false }) as AsyncIterable<Uint8Array>;
  } finally {
    await file.close();
  }
}
