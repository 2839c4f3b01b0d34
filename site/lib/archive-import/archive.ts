import * as v from "valibot";
import { ARCHIVE_FILES, ARCHIVE_FORMAT, ARCHIVE_VERSION } from "../../../shared/archive.ts";
import { readRemoteHandle } from "../../../shared/input-rules.ts";
import {
  ArchiveManifestSchema,
  ArchivedAccountSchema,
  ArchivedPostSchema,
  importedDatesProblem,
  type ArchivedPostInput,
} from "../../../shared/schema/archive-import.ts";
import { Account } from "../../../shared/schema/social.ts";
import { validate } from "../../../shared/validate.ts";
import { entryBlob, readZipDirectory, ZipError, type ZipEntry } from "./zip-reader.ts";

/**
 * A P92 archive picked on this device ("Download my data" on another server: shared/archive.ts),
 * opened for importing: its manifest and profile read and checked at once, its posts and follows
 * when asked. Nothing is read whole but the JSON files, each within a bound.
 */
export interface OpenedArchive {
  file: Blob;
  /** The server it came from (its origin) and the handle it had there. */
  server: string;
  handle: string;
  account: Account;
  avatar: Blob | null;
  /** Its posts that can be imported, oldest first, and how many could not (damaged or edited). */
  posts(): Promise<{ posts: ArchivedPostInput[]; skipped: number }>;
  /** `user@host` of everyone it followed or asked to follow. */
  follows: string[];
  /** A photo or video by its path in the archive (`media/…`), or null when the archive lacks it. */
  mediaFile(file: string, type: string): Promise<Blob | null>;
}

export class ArchiveError extends Error {}

/** The most each JSON file may weigh once inflated. */
const SMALL_FILE_BYTES = 64 * 1024;
const LIST_FILE_BYTES = 32 * 1024 * 1024;
const POSTS_FILE_BYTES = 256 * 1024 * 1024;
const INFLATED_MEDIA_BYTES = 64 * 1024 * 1024;

export async function openArchive(file: Blob): Promise<OpenedArchive> {
  let entries: Map<string, ZipEntry>;
  try {
    entries = await readZipDirectory(file);
  } catch (error) {
    throw new ArchiveError(error instanceof ZipError ? error.message : "this is not a ZIP file");
  }
  const read = (name: string, maxBytes: number) => readJson(file, entries, name, maxBytes);
  const manifest = checked(
    ArchiveManifestSchema,
    await read(ARCHIVE_FILES.manifest, SMALL_FILE_BYTES),
    "archive.json",
  );
  if (manifest.format !== ARCHIVE_FORMAT) throw new ArchiveError("this is not a P92 archive");
  if (manifest.version !== ARCHIVE_VERSION)
    throw new ArchiveError(
      `its format is version ${manifest.version}; this site reads version ${ARCHIVE_VERSION}`,
    );
  const profile = (await read(ARCHIVE_FILES.profile, SMALL_FILE_BYTES)) as {
    account?: unknown;
    avatar?: unknown;
  };
  const account = checked(Account, profile?.account, "profile.json");
  // Files are named by their path in the archive (`media/…`), and only the media folder's are
  // read. A stored one is a slice of the file, whatever its size; a compressed one (not P92's way)
  // is inflated in memory, so only within a bound.
  const mediaFile = async (name: string, type: string) => {
    const entry = name.startsWith(ARCHIVE_FILES.media) ? entries.get(name) : undefined;
    if (!entry || (entry.method !== 0 && entry.size > INFLATED_MEDIA_BYTES)) return null;
    return entryBlob(file, entry, type);
  };
  const avatar =
    typeof profile.avatar === "string" ? await mediaFile(profile.avatar, "").catch(() => null) : null;
  return {
    file,
    server: new URL(manifest.server).origin,
    handle: account.handle,
    account,
    avatar,
    async posts() {
      const listed = await read(ARCHIVE_FILES.posts, POSTS_FILE_BYTES);
      if (!Array.isArray(listed)) throw new ArchiveError("posts.json is not a list");
      const posts: ArchivedPostInput[] = [];
      for (const post of listed) {
        const result = validate(ArchivedPostSchema, post);
        // A post this server would refuse (dated ahead of this clock) is left out, not sent.
        if (result.ok && !importedDatesProblem(result.value)) posts.push(result.value);
      }
      // Oldest first: a reply then finds the post it answers already imported.
      posts.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      return { posts, skipped: listed.length - posts.length };
    },
    follows: await followsOf(file, entries),
    mediaFile,
  };
}

/** Everyone in following.json and follow-requests.json, as `user@host`, once each. */
async function followsOf(file: Blob, entries: Map<string, ZipEntry>): Promise<string[]> {
  const handles = new Set<string>();
  for (const name of [ARCHIVE_FILES.following, ARCHIVE_FILES.requested]) {
    const listed = entries.has(name) ? await readJson(file, entries, name, LIST_FILE_BYTES) : [];
    if (!Array.isArray(listed)) throw new ArchiveError(`${name} is not a list`);
    for (const item of listed) {
      const result = validate(ArchivedAccountSchema, item);
      const handle = result.ok ? readRemoteHandle(result.value.handle) : null;
      if (handle) handles.add(handle);
    }
  }
  return [...handles];
}

async function readJson(file: Blob, entries: Map<string, ZipEntry>, name: string, maxBytes: number) {
  const entry = entries.get(name);
  if (!entry) throw new ArchiveError(`${name} is missing: this is not a P92 archive`);
  if (entry.size > maxBytes) throw new ArchiveError(`${name} is too large (${entry.size} bytes)`);
  try {
    return JSON.parse(await (await entryBlob(file, entry)).text()) as unknown;
  } catch (error) {
    throw new ArchiveError(error instanceof ZipError ? error.message : `${name} is not valid JSON`);
  }
}

function checked<S extends v.GenericSchema>(schema: S, input: unknown, name: string): v.InferOutput<S> {
  const result = validate(schema, input);
  if (!result.ok) throw new ArchiveError(`${name}: ${result.message}`);
  return result.value;
}
