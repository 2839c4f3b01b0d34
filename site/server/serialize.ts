import type { Account, Media, Post } from "../../shared/schema/social.ts";
import type { SyncChange } from "../../shared/sync.ts";
import { isId } from "../../shared/ids.ts";
import { remoteAvatarUrl, remotePostMediaUrl } from "./media/remote-serve.ts";
import type { AccountRecord, ChangeRecord, MediaRecord, PostRecord, PostMedia } from "./storage/records.ts";

/**
 * Rows to wire JSON. Accounts and posts are identified by stable URLs under the server's public
 * origin, which can later serve as their ActivityPub ids.
 */
export const accountUrl = (publicUrl: string, handle: string) => `${publicUrl}/api/accounts/${handle}`;
export const postUrl = (publicUrl: string, id: string) => `${publicUrl}/api/posts/${id}`;
/** The id of a post of this server its address names (`postUrl`), or null. */
export function localPostIdOf(publicUrl: string, url: string): string | null {
  const prefix = postUrl(publicUrl, "");
  const id = url.startsWith(prefix) ? url.slice(prefix.length) : "";
  return isId(id) ? id : null;
}
export const mediaFileUrl = (publicUrl: string, file: string) => `${publicUrl}/api/media/${file}`;

/**
 * A post's file as clients read it: this server's own, or a copy of another server's, which this
 * server serves so that readers' browsers never ask that server (media/remote-serve.ts).
 */
function toPostMedia(publicUrl: string, postId: string, media: PostMedia): Media {
  if (!("url" in media)) return toMedia(publicUrl, media, media.alt);
  const { id, kind, mimeType, width, height, alt } = media;
  const url = remotePostMediaUrl(publicUrl, postId, id);
  return { id, kind, mimeType, url, previewUrl: null, width, height, duration: null, alt, remote: true };
}

export function toMedia(publicUrl: string, media: MediaRecord, alt = ""): Media {
  return {
    id: media.id,
    kind: media.kind,
    mimeType: media.mimeType,
    url: mediaFileUrl(publicUrl, media.file),
    previewUrl: media.previewFile ? mediaFileUrl(publicUrl, media.previewFile) : null,
    width: media.width,
    height: media.height,
    duration: media.duration,
    alt,
  };
}

export function toAccount(publicUrl: string, account: AccountRecord): Account {
  const { remote } = account;
  return {
    id: accountUrl(publicUrl, account.handle),
    handle: account.handle,
    ...(remote ? { remote: true, url: remote.url } : {}),
    displayName: account.displayName,
    bio: account.bio,
    links: account.links,
    avatarUrl: remote
      ? remote.avatarUrl && remoteAvatarUrl(publicUrl, account.handle, remote.avatarUrl)
      : account.avatar
        ? mediaFileUrl(publicUrl, account.avatar.previewFile ?? account.avatar.file)
        : null,
    instagram: account.instagram,
    // Someone elsewhere: the counts their server reports, unless this server knows of more (a
    // follow from here accepted since their server was last read).
    followerCount: Math.max(remote?.reported.followers ?? 0, account.followerCount),
    followingCount: Math.max(remote?.reported.following ?? 0, account.followingCount),
    postCount: Math.max(remote?.reported.posts ?? 0, account.postCount),
    createdAt: account.createdAt,
  };
}

export function toPost(
  publicUrl: string,
  post: PostRecord,
  viewer?: { liked: boolean; reposted: boolean },
): Post {
  return {
    id: post.id,
    url: postUrl(publicUrl, post.id),
    author: post.author,
    text: post.text,
    links: post.links,
    media: post.media.map((m) => toPostMedia(publicUrl, post.id, m)),
    replyTo: post.replyTo,
    quoteOf: post.quoteOf,
    createdAt: post.createdAt,
    replyCount: post.replyCount,
    likeCount: post.likeCount,
    repostCount: post.repostCount,
    ...(post.remote ? { remote: true, remoteUrl: post.remote.url } : {}),
    ...(post.contentWarning ? { contentWarning: post.contentWarning } : {}),
    ...(post.sensitive && post.media.length > 0 ? { sensitive: true } : {}),
    ...(post.visibility !== "public" ? { visibility: post.visibility } : {}),
    ...(post.editedAt ? { editedAt: post.editedAt } : {}),
    ...(post.replyPolicy !== "everyone" ? { replyPolicy: post.replyPolicy } : {}),
    ...(viewer ? { viewer } : {}),
  };
}

export function toSyncChange(publicUrl: string, change: ChangeRecord): SyncChange {
  switch (change.kind) {
    case "post":
      return { kind: "post", post: toPost(publicUrl, change.post) };
    case "postDeleted":
      return { kind: "postDeleted", postId: change.postId };
    case "counts":
      return {
        kind: "counts",
        postId: change.post.id,
        replyCount: change.post.replyCount,
        likeCount: change.post.likeCount,
        repostCount: change.post.repostCount,
      };
    case "like":
    case "repost":
      return { kind: change.kind, postId: change.postId, active: change.active };
    case "follow":
      return {
        kind: "follow",
        follower: change.follower,
        followee: change.followee,
        active: change.active,
        ...(change.requested ? { requested: true as const } : {}),
      };
    case "account":
      return { kind: "account", account: toAccount(publicUrl, change.account) };
    case "relation":
      return { kind: "relation", relation: change.relation, handle: change.handle, active: change.active };
    case "suspension":
      return { kind: "suspension", handle: change.handle, active: change.active };
  }
}
