import * as v from "valibot";
import { PostText } from "./social.ts";
import { IsoTimestamp, LIMITS, MediaId, WebUrl, boundedText } from "./common.ts";
import { REPLY_POLICIES } from "../reply-policy.ts";

/**
 * Importing a P92 archive (shared/archive.ts) into another server: the site reads the archive on
 * the device, uploads each post's media through the media route, then sends the posts, oldest
 * first, in batches (POST /api/me/imports/posts). Each post is known by its address on the server
 * it came from (`source`): importing it again finds it instead of copying it twice.
 */

/** Posts in one batch, and the most a batch's body may weigh. */
export const IMPORT_BATCH_POSTS = 20;
export const IMPORT_BATCH_BYTES = 1024 * 1024;
/** Addresses asked about at once (POST /api/me/imports/known). */
export const IMPORT_KNOWN_SOURCES = 200;

const Attachment = v.strictObject({ id: MediaId, alt: boundedText(LIMITS.altText) });

export const ImportedPost = v.pipe(
  v.strictObject({
    /** Its address on the server it came from (`url` in posts.json). */
    source: WebUrl,
    text: PostText,
    createdAt: IsoTimestamp,
    editedAt: v.nullable(IsoTimestamp),
    earlierTexts: v.pipe(
      v.array(v.strictObject({ text: PostText, replacedAt: IsoTimestamp })),
      v.maxLength(LIMITS.postEdits, `must hold at most ${LIMITS.postEdits} texts`),
    ),
    visibility: v.picklist(["public", "unlisted", "followers"]),
    contentWarning: v.nullable(boundedText(LIMITS.contentWarning)),
    sensitive: v.boolean(),
    replyPolicy: v.picklist(REPLY_POLICIES),
    /** The uploads (media route) that carry its photos and videos. */
    media: v.pipe(
      v.array(Attachment),
      v.maxLength(LIMITS.mediaPerPost, `must hold at most ${LIMITS.mediaPerPost} attachments`),
    ),
    /** The addresses of the posts it answers and quotes (their ActivityPub ids). */
    replyTo: v.nullable(WebUrl),
    quoteOf: v.nullable(WebUrl),
  }),
  v.check((post) => post.text.trim().length > 0 || post.media.length > 0, "a post needs text or media"),
  v.check(
    (post) => post.editedAt === null || Date.parse(post.editedAt) >= Date.parse(post.createdAt),
    "editedAt must not come before createdAt",
  ),
);
export type ImportedPost = v.InferOutput<typeof ImportedPost>;

export const PostImport = v.strictObject({
  posts: v.pipe(
    v.array(ImportedPost),
    v.minLength(1, "must hold at least one post"),
    v.maxLength(IMPORT_BATCH_POSTS, `must hold at most ${IMPORT_BATCH_POSTS} posts`),
  ),
});

/** What became of one imported post: its id here, and whether this batch created it. */
export interface ImportedPostResult {
  source: string;
  id: string;
  status: "created" | "existing";
  /** It answers or quotes a post this server does not know: kept without that link. */
  unlinked?: true;
}

export const KnownSources = v.strictObject({
  sources: v.pipe(
    v.array(WebUrl),
    v.maxLength(IMPORT_KNOWN_SOURCES, `must hold at most ${IMPORT_KNOWN_SOURCES} addresses`),
  ),
});

/*
 * What the site reads from an archive's files (shared/archive.ts), checked before anything is
 * sent: an archive is a file anyone could have edited.
 */

export const ArchiveManifestSchema = v.object({
  format: v.literal("p92-archive", "is not a P92 archive"),
  version: v.number(),
  server: WebUrl,
  handle: v.pipe(v.string(), v.maxLength(LIMITS.url)),
  exportedAt: IsoTimestamp,
});

const ArchivedMediaSchema = v.object({
  file: v.pipe(v.string(), v.maxLength(LIMITS.url)),
  kind: v.picklist(["image", "video"]),
  mimeType: v.pipe(v.string(), v.maxLength(200)),
  alt: boundedText(LIMITS.altText),
});

/** One post of posts.json, as far as importing it needs. */
export const ArchivedPostSchema = v.object({
  url: WebUrl,
  text: PostText,
  createdAt: IsoTimestamp,
  editedAt: v.nullable(IsoTimestamp),
  visibility: v.picklist(["public", "unlisted", "followers"]),
  contentWarning: v.nullable(boundedText(LIMITS.contentWarning)),
  sensitive: v.boolean(),
  replyToUrl: v.nullable(WebUrl),
  quoteOfUrl: v.nullable(WebUrl),
  replyPolicy: v.picklist(REPLY_POLICIES),
  media: v.pipe(v.array(ArchivedMediaSchema), v.maxLength(LIMITS.mediaPerPost)),
  earlierTexts: v.pipe(
    v.array(v.object({ text: PostText, replacedAt: IsoTimestamp })),
    v.maxLength(LIMITS.postEdits),
  ),
});
export type ArchivedPostInput = v.InferOutput<typeof ArchivedPostSchema>;

/** Someone in following.json or follow-requests.json. */
export const ArchivedAccountSchema = v.object({
  handle: v.pipe(v.string(), v.maxLength(LIMITS.url)),
  actor: WebUrl,
});
