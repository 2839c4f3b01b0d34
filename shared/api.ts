import * as v from "valibot";
import { readHandle, readRemoteHandle, REPORT_REASONS } from "./input-rules.ts";
import { LIMITS, boundedText, Id, InstagramHandle } from "./schema/common.ts";
import { Account, Post, ProfileLink } from "./schema/social.ts";

/**
 * Requests and answers of the server's JSON API besides `POST /api/sync` (see shared/sync.ts).
 * Every route is described in site/server/API.md.
 */

/** Handles are unique case-insensitively: `Alice` signs up as `alice`. */
export const HandleInput = v.pipe(v.string(), v.trim(), InstagramHandle, v.toLowerCase());

export const PASSWORD_MIN_LENGTH = 8;
export const Password = v.pipe(
  v.string(),
  v.minLength(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`),
  v.maxLength(200, "must be at most 200 characters"),
);

/**
 * The profile a new account starts with, taken from the imported Instagram profile (see
 * `ImportedProfile` in shared/schema/instagram.ts); its "from Instagram @handle" claim starts unproven.
 */
export const SignUpProfile = v.object({
  displayName: v.optional(boundedText(LIMITS.fullName), ""),
  bio: v.optional(boundedText(LIMITS.bio), ""),
  links: v.optional(v.pipe(v.array(ProfileLink), v.maxLength(LIMITS.profileLinks)), []),
  instagram: v.optional(
    v.nullable(v.object({ handle: InstagramHandle, verified: v.optional(v.boolean(), false) })),
    null,
  ),
});
export type SignUpProfile = v.InferOutput<typeof SignUpProfile>;

export const SignUpRequest = v.object({
  handle: HandleInput,
  password: Password,
  profile: v.optional(SignUpProfile, {}),
});
export type SignUpRequest = v.InferOutput<typeof SignUpRequest>;

export const SignInRequest = v.object({
  handle: HandleInput,
  password: v.pipe(v.string(), v.maxLength(200)),
});
export type SignInRequest = v.InferOutput<typeof SignInRequest>;

/** POST /api/auth/password: the current password, and the one to use from now on. */
export const PasswordChange = v.object({
  currentPassword: v.pipe(v.string(), v.maxLength(200)),
  newPassword: Password,
});
export type PasswordChange = v.InferOutput<typeof PasswordChange>;

/** Answer to sign-up and sign-in: the bearer token to send as `Authorization: Bearer <token>`. */
export const SessionResponse = v.object({ token: v.string(), account: Account });
export type SessionResponse = v.InferOutput<typeof SessionResponse>;

/** A page of a timeline, newest first; pass `next` as `?before=` for the following page. */
export const PostPage = v.object({ posts: v.array(Post), next: v.nullable(v.string()) });
export type PostPage = v.InferOutput<typeof PostPage>;

/**
 * A post, its replies (newest first, a page at a time), and on the first page the posts it answers
 * up to the thread's start (`ancestors`, the first one first).
 */
export const PostThread = v.object({
  post: Post,
  ancestors: v.optional(v.array(Post)),
  replies: v.array(Post),
  next: v.nullable(v.string()),
});
export type PostThread = v.InferOutput<typeof PostThread>;

export const MAX_PAGE_SIZE = 50;

/** People search: the best matches first (`GET /api/search/accounts`). */
export const AccountList = v.object({ accounts: v.array(Account) });
export type AccountList = v.InferOutput<typeof AccountList>;
/** At most this many people a search answers. */
export const MAX_PEOPLE_RESULTS = 20;

/** Where the reader's follow of an account stands: following, asked (someone elsewhere), or not. */
export const FollowState = v.picklist(["following", "requested", "none"]);
export type FollowState = v.InferOutput<typeof FollowState>;

/** What the signed-in reader did to an account: blocked it, muted it. */
export const AccountRelations = v.object({ blocking: v.boolean(), muting: v.boolean() });
export type AccountRelations = v.InferOutput<typeof AccountRelations>;

/**
 * A profile (`GET /api/accounts/:handle`); with a token, where the reader's follow of it stands
 * and whether the reader blocked or muted it.
 */
export const ProfileAnswer = v.object({
  account: Account,
  follow: v.optional(FollowState),
  relations: v.optional(AccountRelations),
});
export type ProfileAnswer = v.InferOutput<typeof ProfileAnswer>;

/**
 * What following, blocking or muting an account answers (`POST`/`DELETE` on
 * `/api/accounts/:handle/follow`, `/block`, `/mute`): where things now stand, and the account as
 * the one acting sees it, left out (with `follow`) when that account blocked them.
 */
export const AccountActionAnswer = v.object({
  account: v.optional(Account),
  follow: v.optional(FollowState),
  relations: AccountRelations,
});
export type AccountActionAnswer = v.InferOutput<typeof AccountActionAnswer>;

/** The accounts one blocked or muted, newest first (`GET /api/me/blocks`, `/api/me/mutes`). */
export const RelationListPage = v.object({ accounts: v.array(Account), next: v.nullable(v.string()) });
export type RelationListPage = v.InferOutput<typeof RelationListPage>;
/** At most this many accounts a page of blocked or muted accounts holds (and the default). */
export const RELATION_LIST_PAGE = 40;

/**
 * A report to this server's admins (`POST /api/reports`): a post (`postId`) or an account
 * (`handle`), why, and for "other" what is wrong. `forward`: someone elsewhere is reported to
 * their server too.
 */
export const NewReport = v.pipe(
  v.object({
    handle: v.optional(
      v.pipe(
        v.string(),
        v.toLowerCase(),
        v.check(
          (handle) => readHandle(handle) === handle || readRemoteHandle(handle) === handle,
          "must be a handle, or user@host for someone on another server",
        ),
      ),
    ),
    postId: v.optional(Id),
    reason: v.picklist(REPORT_REASONS),
    comment: v.optional(v.pipe(v.string(), v.trim(), boundedText(LIMITS.reportComment)), ""),
    forward: v.optional(v.boolean(), false),
  }),
  v.check(
    (report) => (report.handle === undefined) !== (report.postId === undefined),
    "name one account (handle) or one post (postId)",
  ),
  v.forward(
    v.check((report) => report.reason !== "other" || report.comment !== "", "says what is wrong"),
    ["comment"],
  ),
);
export type NewReport = v.InferOutput<typeof NewReport>;

/** A report as its reporter sees it. */
export const Report = v.object({
  id: v.string(),
  account: v.string(),
  postId: v.nullable(v.string()),
  reason: v.picklist(REPORT_REASONS),
  comment: v.string(),
  forwarded: v.boolean(),
  createdAt: v.string(),
});
export type Report = v.InferOutput<typeof Report>;

/**
 * A page of who follows an account, or whom it follows (`GET /api/accounts/:handle/followers`,
 * `/following`), as this server knows them; `follow` when the reader is signed in (and is not
 * that account). Pass `next` as `?after=` for the following page.
 */
export const FollowListPage = v.object({
  accounts: v.array(v.object({ account: Account, follow: v.optional(FollowState) })),
  next: v.nullable(v.string()),
});
export type FollowListPage = v.InferOutput<typeof FollowListPage>;
/** At most this many accounts a page of followers or following holds (and the default). */
export const FOLLOW_LIST_PAGE = 40;

/** A text an edited post had, and when an edit replaced it (GET /api/posts/:id/edits). */
export interface EarlierText {
  text: string;
  replacedAt: string;
}
