import * as v from "valibot";
import { PostText } from "./social.ts";
import { IsoTimestamp, LIMITS, MediaId, WebUrl, boundedText } from "./common.ts";
import { REPLY_POLICIES } from "../reply-policy.ts";

/**
 * Importing a P92 archive (shared/archive.ts) into another server: the site reads the archive on
 * the device, uploads each post's media through the media route, then sends the posts, oldest
 * first, in batches (POST /api/me/import/posts). Each post is known by its address on the server
 * it came from (`source`): importing it again finds it instead of copying it twice.
 */

/** Posts in one batch, and the most a batch's body may weigh. */
export const IMPORT_BATCH_POSTS = 20;
export const IMPORT_BATCH_BYTES = 1024 * 1024;
/** Addresses asked about at once (POST /api/me/import/known). */
export const IMPORT_KNOWN_SOURCES = 200;

const Attachment = v.strictObject({ id: MediaId, alt: boundedText(LIMITS.altText) });

/** An imported date: with its offset (read the same in every time zone), from 1970 on. */
const DatedAt = v.pipe(
  IsoTimestamp,
  v.regex(/(Z|[+-]\d{2}:\d{2})$/, "must end with Z or an offset"),
  v.check((date) => Date.parse(date) >= 0, "must not come before 1970"),
);

/** How far ahead of the reader's clock a date may be (clocks differ a little). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * What is wrong with an imported post's dates, or null: none may lie ahead of `now` (past the
 * skew), and its edits come after it. The server refuses such a post; the site leaves it out.
 */
export function importedDatesProblem(
  post: { createdAt: string; editedAt: string | null; earlierTexts: { replacedAt: string }[] },
  now = Date.now(),
): { field: string; message: string } | null {
  const created = Date.parse(post.createdAt);
  const dates: [string, string][] = [
    ["createdAt", post.createdAt],
    ...(post.editedAt === null ? [] : [["editedAt", post.editedAt] as [string, string]]),
    ...post.earlierTexts.map((e, i): [string, string] => [`earlierTexts.${i}.replacedAt`, e.replacedAt]),
  ];
  for (const [field, date] of dates) {
    const at = Date.parse(date);
    if (at > now + CLOCK_SKEW_MS || at < created)
      return { field, message: "must lie between the post's creation and now" };
  }
  return null;
}

export const ImportedPost = v.pipe(
  v.strictObject({
    /** Its address on the server it came from (`url` in posts.json). */
    source: WebUrl,
    text: PostText,
    createdAt: DatedAt,
    editedAt: v.nullable(DatedAt),
    earlierTexts: v.pipe(
      v.array(v.strictObject({ text: PostText, replacedAt: DatedAt })),
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
  createdAt: DatedAt,
  editedAt: v.nullable(DatedAt),
  visibility: v.picklist(["public", "unlisted", "followers"]),
  contentWarning: v.nullable(boundedText(LIMITS.contentWarning)),
  sensitive: v.boolean(),
  replyToUrl: v.nullable(WebUrl),
  quoteOfUrl: v.nullable(WebUrl),
  replyPolicy: v.picklist(REPLY_POLICIES),
  media: v.pipe(v.array(ArchivedMediaSchema), v.maxLength(LIMITS.mediaPerPost)),
  earlierTexts: v.pipe(
    v.array(v.object({ text: PostText, replacedAt: DatedAt })),
    v.maxLength(LIMITS.postEdits),
  ),
});
export type ArchivedPostInput = v.InferOutput<typeof ArchivedPostSchema>;

/** Someone in following.json or follow-requests.json. */
export const ArchivedAccountSchema = v.object({
  handle: v.pipe(v.string(), v.maxLength(LIMITS.url)),
  actor: WebUrl,
});
