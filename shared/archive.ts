import type { ReplyPolicy } from "./reply-policy.ts";
import type { Account } from "./schema/social.ts";

/**
 * A P92 archive ("Download my data"): one ZIP of JSON files, a readable page and the media files,
 * made by a server (site/server/archive/) for its account, to keep or to import into another P92
 * server. What each file holds is written below; README.txt in the archive says it to a person.
 */
export const ARCHIVE_FORMAT = "p92-archive";
export const ARCHIVE_VERSION = 1;

export const ARCHIVE_FILES = {
  readme: "README.txt",
  manifest: "archive.json",
  profile: "profile.json",
  posts: "posts.json",
  page: "posts.html",
  followers: "followers.json",
  following: "following.json",
  requested: "follow-requests.json",
  likes: "likes.json",
  reposts: "reposts.json",
  blocked: "blocked.json",
  muted: "muted.json",
  instagram: "instagram.json",
  /** The folder of the media files: `media/<stored name>`. */
  media: "media/",
} as const;

/** archive.json: what this is, from where, whose. */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  exportedAt: string;
  /** The server's public origin. */
  server: string;
  handle: string;
  /** The language of README.txt and posts.html. */
  language: string;
}

/** profile.json: the account as the API answers it, and its avatar's file in the archive. */
export interface ArchivedProfile {
  account: Account;
  avatar: string | null;
}

/** One file of a post (or the avatar), in the archive's `media/` folder. */
export interface ArchivedMedia {
  file: string;
  kind: "image" | "video";
  mimeType: string;
  alt: string;
  width: number | null;
  height: number | null;
  duration: number | null;
}

/** One of the account's posts in posts.json (newest first), as written, with its own dates. */
export interface ArchivedPost {
  id: string;
  /** Its address on the server it was exported from (its ActivityPub id). */
  url: string;
  text: string;
  /** The addresses its text links to, in order (the link preview is the first). */
  links: string[];
  createdAt: string;
  editedAt: string | null;
  /** Who could read it (a post written on P92 is public). */
  visibility: "public" | "unlisted" | "followers";
  contentWarning: string | null;
  /** Its photos and videos may shock: shown blurred until asked. */
  sensitive: boolean;
  /** The ids, on the server it was exported from, of the posts it answers or quotes... */
  replyTo: string | null;
  quoteOf: string | null;
  /** ...and their addresses (ActivityPub ids), which any server can look up. */
  replyToUrl: string | null;
  quoteOfUrl: string | null;
  replyPolicy: ReplyPolicy;
  media: ArchivedMedia[];
  /** The texts it had before its edits, newest first, with when each was replaced. */
  earlierTexts: { text: string; replacedAt: string }[];
}

/**
 * Someone in followers.json, following.json, follow-requests.json, blocked.json or muted.json, named as another server would look them up:
 * `user@host` (someone of the exporting server too), and their ActivityPub actor.
 */
export interface ArchivedAccount {
  handle: string;
  actor: string;
}

/** A post in likes.json or reposts.json: its address (its ActivityPub id), and when. */
export interface ArchivedInteraction {
  url: string;
  at: string;
}

/** instagram.json: the Instagram lists the account uploaded (handles on Instagram). */
export interface ArchivedInstagramLists {
  followers: string[];
  following: string[];
}
