import { ApiFailure } from "../../../shared/api-failure.ts";
import {
  IMPORT_BATCH_BYTES,
  IMPORT_BATCH_POSTS,
  IMPORT_KNOWN_SOURCES,
  type ArchivedPostInput,
  type ImportedPost,
  type ImportedPostResult,
} from "../../../shared/schema/archive-import.ts";
import { callApi } from "../api.ts";
import { uploadMedia } from "../media.ts";
import type { OpenedArchive } from "./archive.ts";

/**
 * Brings an opened archive's posts and follows into the account signed in to `serverUrl`: each
 * post (oldest first) with its photos and videos uploaded through the media route and its dates
 * kept (POST /api/me/import/posts), then a follow request to everyone it followed. Importing
 * the same archive again skips the posts already brought over (POST /api/me/import/known)
 * before uploading anything: an import cut short is finished by running it again.
 */
export interface ImportTarget {
  serverUrl: string;
  token: string;
}

export interface ImportProgress {
  stage: "posts" | "follows" | "done";
  posts: {
    done: number;
    total: number;
    /** Posts the archive holds that could not be read (damaged, or edited past the limits). */
    skipped: number;
    /** Posts kept without the post they answer or quote, which this server does not know. */
    unlinked: number;
    /** Photos and videos the archive lacks, or this server refused. */
    missingFiles: number;
  };
  follows: { done: number; total: number; failed: string[] };
}

export interface ImportOptions {
  /** Whether to follow again everyone the archive followed (yes by default). */
  follow?: boolean;
  /** How to wait before a retry (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The uploads of an archive's files, by server, session and path, kept while the page is open:
 * a run tried again after it stopped attaches what it uploaded before rather than uploading it a
 * second time (unattached uploads count against the account's storage until swept).
 */
const uploads = new WeakMap<OpenedArchive, Map<string, string>>();

/** Attempts of one request while the server cannot be reached or answers 5xx. */
const ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 1000;
/** The longest a Retry-After is waited. */
const MAX_RETRY_AFTER_S = 120;

export async function importArchive(
  archive: OpenedArchive,
  target: ImportTarget,
  onProgress: (progress: ImportProgress) => void,
  options: ImportOptions = {},
): Promise<ImportProgress> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const retrying = <T>(request: () => Promise<T>) => withRetries(request, sleep);
  const { posts, skipped } = await archive.posts();
  const progress: ImportProgress = {
    stage: "posts",
    posts: { done: 0, total: posts.length, skipped, unlinked: 0, missingFiles: 0 },
    follows: { done: 0, total: 0, failed: [] },
  };
  const report = () => onProgress(structuredClone(progress));
  report();

  for (let i = 0; i < posts.length; i += IMPORT_KNOWN_SOURCES) {
    const chunk = posts.slice(i, i + IMPORT_KNOWN_SOURCES);
    const { known } = await retrying(() =>
      callApi<{ known: string[] }>(target.serverUrl, "/api/me/import/known", {
        token: target.token,
        body: { sources: chunk.map((post) => post.url) },
      }),
    );
    const imported = new Set(known);
    progress.posts.done += chunk.filter((post) => imported.has(post.url)).length;
    report();
    let batch: ImportedPost[] = [];
    let bytes = 0;
    const send = async () => {
      if (batch.length === 0) return;
      const sent = batch;
      batch = [];
      bytes = 0;
      const { results } = await retrying(() =>
        callApi<{ results: ImportedPostResult[] }>(target.serverUrl, "/api/me/import/posts", {
          token: target.token,
          body: { posts: sent },
        }),
      ).catch((failure: unknown) => {
        // An upload kept from an earlier run is gone (swept, or its post deleted): the next run
        // uploads the files again.
        if (failure instanceof ApiFailure && failure.field === "media") uploads.delete(archive);
        throw failure;
      });
      progress.posts.done += results.length;
      progress.posts.unlinked += results.filter((r) => r.unlinked).length;
      report();
    };
    for (const post of chunk) {
      if (imported.has(post.url)) continue;
      const prepared = await preparePost(archive, target, post, progress, retrying);
      if (!prepared) {
        progress.posts.skipped += 1;
        progress.posts.total -= 1;
        report();
        continue;
      }
      const size = new TextEncoder().encode(JSON.stringify(prepared)).byteLength;
      // Room for the batch's own braces: a batch never reaches the server's bound.
      if (batch.length === IMPORT_BATCH_POSTS || bytes + size > IMPORT_BATCH_BYTES - 1024) await send();
      batch.push(prepared);
      bytes += size + 1;
    }
    await send();
  }

  progress.stage = "follows";
  const follows = options.follow === false ? [] : archive.follows;
  progress.follows.total = follows.length;
  report();
  const here = new URL(target.serverUrl).host;
  for (const handle of follows) {
    // Someone of this server is followed by their handle here.
    const named = handle.endsWith(`@${here}`) ? handle.slice(0, -here.length - 1) : handle;
    try {
      await retrying(() =>
        callApi(target.serverUrl, `/api/accounts/${encodeURIComponent(named)}/follow`, {
          method: "POST",
          token: target.token,
        }),
      );
      progress.follows.done += 1;
    } catch (failure) {
      if (!refusedFor(failure)) throw failure;
      progress.follows.failed.push(handle);
    }
    report();
  }
  progress.stage = "done";
  report();
  return progress;
}

/**
 * The post as the import route takes it, its files uploaded; null when nothing of it is left (no
 * text, and none of its files could be brought over).
 */
async function preparePost(
  archive: OpenedArchive,
  target: ImportTarget,
  post: ArchivedPostInput,
  progress: ImportProgress,
  retrying: <T>(request: () => Promise<T>) => Promise<T>,
): Promise<ImportedPost | null> {
  const media: ImportedPost["media"] = [];
  let uploaded = uploads.get(archive);
  if (!uploaded) uploads.set(archive, (uploaded = new Map()));
  for (const attachment of post.media) {
    const key = `${target.serverUrl} ${target.token} ${attachment.file}`;
    let id = uploaded.get(key) ?? null;
    if (id === null) {
      const file = await archive.mediaFile(attachment.file, attachment.mimeType).catch(() => null);
      id = file
        ? await retrying(() => uploadMedia(file, { ...target, onProgress: () => undefined }).done).then(
            (media) => media.id,
            (failure: unknown) => {
              if (refusedFor(failure)) return null;
              throw failure;
            },
          )
        : null;
      if (id !== null) uploaded.set(key, id);
    }
    if (id !== null) media.push({ id, alt: attachment.alt });
    else progress.posts.missingFiles += 1;
  }
  if (post.text.trim() === "" && media.length === 0) return null;
  return {
    source: post.url,
    text: post.text,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    earlierTexts: post.earlierTexts,
    visibility: post.visibility,
    contentWarning: post.contentWarning,
    sensitive: post.sensitive,
    replyPolicy: post.replyPolicy,
    media,
    replyTo: post.replyToUrl,
    quoteOf: post.quoteOfUrl,
  };
}

/**
 * A refusal of this one thing (a file this server does not take, someone who cannot be found or
 * followed): the import goes on without it. Anything else (signed out, offline, storage full)
 * stops it.
 */
function refusedFor(failure: unknown): boolean {
  return (
    failure instanceof ApiFailure &&
    failure.status >= 400 &&
    failure.status < 500 &&
    failure.status !== 401 &&
    failure.status !== 429 &&
    // A full storage refuses every file after it: the import stops and says so.
    failure.code !== "over_quota"
  );
}

/**
 * Runs a request again while the server asks to wait (429: its Retry-After), cannot be reached or
 * fails (5xx: after 1, 2, 4, 8 s); then its failure is thrown.
 */
async function withRetries<T>(request: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (failure) {
      if (!(failure instanceof ApiFailure)) throw failure;
      if (failure.status === 429) {
        const seconds = Number(failure.headers["retry-after"]) || 1;
        await sleep(Math.min(seconds, MAX_RETRY_AFTER_S) * 1000);
        continue;
      }
      const transient = failure.status === 0 || failure.status >= 500;
      if (!transient || attempt >= ATTEMPTS) throw failure;
      await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    }
  }
}
