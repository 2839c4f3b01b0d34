import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { notFound, writeFailure } from "../http/errors.ts";
import type { Store } from "../storage/store.ts";
import { RemoteMediaUnavailable, type CachedFile, type RemoteMediaCache } from "./remote-cache.ts";
import { sendFile } from "./serve.ts";

/**
 * GET /api/remote-media/posts/:postId/:mediaId and /api/remote-media/avatars/:handle/:version:
 * another server's photo, video or avatar, served by this server from its copy (remote-cache.ts).
 * Only files stored posts and accounts name can be asked for (this is no open proxy), and a
 * deleted post's files answer 404 at once. An avatar's address changes with the avatar, as a
 * post's media id changes with its file, so browsers may keep what they got for a day.
 */

const REMOTE_MEDIA_PATH = /^\/api\/remote-media\/(posts|avatars)\/([^/]+)\/([^/]+)$/;
const CACHE_CONTROL = "public, max-age=86400";
const PRIVATE_CACHE_CONTROL = "private, max-age=86400";

export const remotePostMediaUrl = (publicUrl: string, postId: string, mediaId: string) =>
  `${publicUrl}/api/remote-media/posts/${postId}/${mediaId}`;

export const remoteAvatarUrl = (publicUrl: string, handle: string, avatarUrl: string) =>
  `${publicUrl}/api/remote-media/avatars/${encodeURIComponent(handle)}/${versionOf(avatarUrl)}`;

const versionOf = (url: string) => createHash("sha256").update(url).digest("base64url").slice(0, 16);

export function isRemoteMediaPath(decodedPath: string): boolean {
  return REMOTE_MEDIA_PATH.test(decodedPath);
}

/** Serves the copy of the file a remote-media path names (`decodedPath`, URL-decoded). */
export async function serveRemoteMedia(
  request: IncomingMessage,
  response: ServerResponse,
  decodedPath: string,
  where: { store: Store; cache: RemoteMediaCache },
): Promise<void> {
  const remote = await remoteFileOf(where.store, decodedPath);
  if (!remote) return writeFailure(response, notFound("This file"));
  let copy: CachedFile;
  try {
    copy = await where.cache.get(remote.url);
  } catch (error) {
    if (!(error instanceof RemoteMediaUnavailable)) throw error;
    const failure = new ApiFailure(502, "remote_media_unavailable", `The file ${error.message}`);
    return writeFailure(response, failure);
  }
  const file = { dir: where.cache.dir, name: copy.name, type: copy.type.mimeType };
  sendFile(request, response, { ...file, cacheControl: remote.cacheControl });
}

/**
 * Where on its server the file a path names is, while a stored post or account names it, and how
 * long browsers and caches may keep it: a file of a post not everyone may see is the reader's only.
 */
async function remoteFileOf(
  store: Store,
  decodedPath: string,
): Promise<{ url: string; cacheControl: string } | null> {
  const [, kind, id, part] = REMOTE_MEDIA_PATH.exec(decodedPath) ?? [];
  if (!id || !part) return null;
  if (kind === "posts") {
    const media = await store.remoteMedia(id, part);
    if (!media) return null;
    const open = media.visibility === "public" || media.visibility === "unlisted";
    return { url: media.url, cacheControl: open ? CACHE_CONTROL : PRIVATE_CACHE_CONTROL };
  }
  // A suspended account's picture is not shown either.
  const account = await store.accountByHandle(id);
  const avatarUrl = account?.suspended ? null : account?.remote?.avatarUrl;
  return avatarUrl && versionOf(avatarUrl) === part ? { url: avatarUrl, cacheControl: CACHE_CONTROL } : null;
}
