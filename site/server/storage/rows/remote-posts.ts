import { hash } from "node:crypto";
import { newId } from "../../../../shared/ids.ts";
import type { RemoteMediaOf, RemoteMediaRecord, RemotePostRecord, Visibility } from "../records.ts";
import { notHidden } from "./relations.ts";

/** A stored remote post by its ActivityPub id: its local id, author, whether deleted, last edit. */
export interface ObjectRow {
  seq: number;
  id: string;
  author_id: number;
  deleted_at: string | null;
  edited_at: string | null;
}

export const BY_OBJECT_URI =
  "SELECT seq, id, author_id, deleted_at, edited_at FROM posts WHERE object_uri = ?";

/** A stored (not deleted) remote post's media and visibility. Binds: the post id. */
export const REMOTE_MEDIA = `SELECT media, visibility FROM posts p
  WHERE id = ? AND object_uri IS NOT NULL AND deleted_at IS NULL AND ${notHidden("p.author_id")}`;

/** The file `mediaId` of a remote post's row (`REMOTE_MEDIA`): where it is, who may see it. */
export function remoteMediaOf(
  row: { media: string; visibility: Visibility } | undefined,
  mediaId: string,
): RemoteMediaOf | null {
  const media = row ? (JSON.parse(row.media) as RemoteMediaRecord[]) : [];
  const url = media.find((m) => m.id === mediaId)?.url;
  return url ? { url, visibility: row!.visibility } : null;
}

/**
 * What a received post is stored as besides its own fields: a local id from its creation time,
 * what it replies to or quotes only while that post is there (`parentLive`, `quotedLive`), its
 * media as they are, and its object id (whose hash is its content hash: one row per object).
 */
export function remotePostFields(post: RemotePostRecord, parentLive: boolean, quotedLive: boolean) {
  return {
    id: newId(Math.max(0, Date.parse(post.createdAt))),
    replyTo: parentLive ? post.replyTo : null,
    quoteOf: quotedLive ? post.quoteOf : null,
    storedMedia: post.media,
    contentHash: hash("sha256", post.objectUri, "base64url"),
    remote: { objectUri: post.objectUri, url: post.url },
  };
}

/**
 * The local accounts a received post mentions that are notified of the mention: not its author,
 * nor those it replies to or quotes (notified of that instead), nobody for a `quiet` one.
 */
export function mentionedToNotify(
  authorId: number,
  post: RemotePostRecord,
  parentAuthor: number | undefined,
  quotedAuthor: number | undefined,
): number[] {
  const notified = new Set([authorId, parentAuthor, quotedAuthor]);
  return post.quiet ? [] : post.mentions.filter((id) => !notified.has(id));
}

/** An edit that changes nothing: of a deleted post, or older than the edit stored. */
export function staleEdit(row: ObjectRow, editedAt: string): boolean {
  return row.deleted_at !== null || (row.edited_at !== null && editedAt <= row.edited_at);
}

/** Binds: post id. */
export const OBJECT_URI_OF_POST = "SELECT object_uri FROM posts WHERE id = ?";
