import * as v from "valibot";
import {
  countPostLength,
  hasControlCharacters,
  isPostTextWithinLimits,
  POST_MAX_LENGTH,
  POST_MAX_UTF16,
  REMOTE_POST_MAX_UTF16,
} from "../post-length.ts";
import { REPLY_POLICIES } from "../reply-policy.ts";
import {
  AccountHandle,
  Count,
  Id,
  InstagramHandle,
  IsoTimestamp,
  LIMITS,
  MediaId,
  WebUrl,
  boundedText,
} from "./common.ts";

/** A link on a profile: a P92 account's, and the bio links of an imported Instagram profile. */
export const ProfileLink = v.object({ title: boundedText(LIMITS.linkTitle), url: WebUrl });

/**
 * An account as the server describes it. `id` is its stable URL under the server's origin. Someone
 * on another server has the same shape, with `remote: true`, a `user@host` handle and `url`, their
 * profile on their own server.
 */
export const Account = v.object({
  id: WebUrl,
  handle: AccountHandle,
  remote: v.optional(v.literal(true)),
  url: v.optional(WebUrl),
  displayName: boundedText(LIMITS.fullName),
  bio: boundedText(LIMITS.bio),
  links: v.pipe(v.array(ProfileLink), v.maxLength(LIMITS.bioLinks)),
  avatarUrl: v.nullable(WebUrl),
  /** "from Instagram @handle": shown as unproven until the server has checked it. */
  instagram: v.nullable(v.object({ handle: InstagramHandle, proven: v.boolean(), verified: v.boolean() })),
  followerCount: Count,
  followingCount: Count,
  postCount: Count,
  createdAt: IsoTimestamp,
});
export type Account = v.InferOutput<typeof Account>;

export const MediaKind = v.picklist(["image", "video"]);

/** A photo or video attached to a post, after the server stored it. */
export const Media = v.object({
  id: MediaId,
  kind: MediaKind,
  mimeType: v.string(),
  url: WebUrl,
  previewUrl: v.nullable(WebUrl),
  width: v.nullable(Count),
  height: v.nullable(Count),
  /** Seconds, for videos. */
  duration: v.nullable(v.pipe(v.number(), v.minValue(0))),
  alt: boundedText(LIMITS.altText),
  /** A file on another server (a remote post's attachment): linked, never stored here. */
  remote: v.optional(v.literal(true)),
});
export type Media = v.InferOutput<typeof Media>;

/** A post's text: at most 500 characters and, whatever it counts as, 8,000 code units. */
export const PostText = v.pipe(
  v.string(),
  v.check(isPostTextWithinLimits, (issue) => {
    const text = String(issue.input);
    // Past the size bound the text is not segmented at all: it may be megabytes.
    return text.length > POST_MAX_UTF16
      ? `is too long: at most ${POST_MAX_UTF16} UTF-16 code units (this one has ${text.length})`
      : `must be at most ${POST_MAX_LENGTH} characters (this one has ${countPostLength(text)})`;
  }),
  v.check((text) => !hasControlCharacters(text), "must not hold control characters"),
);

/** What a client sends to create a post; the id is generated on the client (UUIDv7). */
export const NewPost = v.pipe(
  v.object({
    id: Id,
    text: PostText,
    media: v.optional(
      v.pipe(
        v.array(v.object({ id: MediaId, alt: v.optional(boundedText(LIMITS.altText), "") })),
        v.maxLength(LIMITS.mediaPerPost, `must hold at most ${LIMITS.mediaPerPost} attachments`),
      ),
      [],
    ),
    replyTo: v.optional(v.nullable(Id), null),
    quoteOf: v.optional(v.nullable(Id), null),
    /** Who may reply to it (shared/reply-policy.ts); absent, everyone. */
    replyPolicy: v.optional(v.picklist(REPLY_POLICIES)),
  }),
  v.check((post) => post.text.trim().length > 0 || post.media.length > 0, "a post needs text or media"),
);
export type NewPost = v.InferOutput<typeof NewPost>;

/**
 * A post as the server describes it. One from another server (`remote: true`) has a `user@host`
 * author, `remoteUrl` (its page on its server), may be longer (up to 20,000 code units), may carry
 * a content warning, may have been edited, and may be visible to its author's followers only.
 */
export const Post = v.pipe(
  v.object({
    id: Id,
    url: WebUrl,
    author: AccountHandle,
    text: v.pipe(
      v.string(),
      v.maxLength(REMOTE_POST_MAX_UTF16, `must be at most ${REMOTE_POST_MAX_UTF16} UTF-16 code units`),
      v.check((text) => !hasControlCharacters(text), "must not hold control characters"),
    ),
    links: v.array(WebUrl),
    media: v.pipe(v.array(Media), v.maxLength(LIMITS.mediaPerPost)),
    replyTo: v.nullable(Id),
    quoteOf: v.nullable(Id),
    createdAt: IsoTimestamp,
    replyCount: Count,
    likeCount: Count,
    repostCount: Count,
    remote: v.optional(v.literal(true)),
    remoteUrl: v.optional(WebUrl),
    /** Shown before the text, which stays hidden until the reader asks for it. */
    contentWarning: v.optional(boundedText(LIMITS.contentWarning)),
    /** Its media are shown blurred until the reader asks for them. */
    sensitive: v.optional(v.literal(true)),
    /** Absent for public posts. */
    visibility: v.optional(v.picklist(["unlisted", "followers"])),
    editedAt: v.optional(IsoTimestamp),
    /** Who may reply besides its author: absent for everyone (shared/reply-policy.ts). */
    replyPolicy: v.optional(v.picklist(["following", "mentioned"])),
    /** Whether the signed-in reader liked or reposted it; absent when read without signing in. */
    viewer: v.optional(v.object({ liked: v.boolean(), reposted: v.boolean() })),
  }),
  v.check(
    (post) => post.remote === true || isPostTextWithinLimits(post.text),
    `a post of this server holds at most ${POST_MAX_LENGTH} characters`,
  ),
);
export type Post = v.InferOutput<typeof Post>;
