import * as v from "valibot";
import { InstagramHandle } from "./schema/common.ts";
import { Account } from "./schema/social.ts";

/**
 * Requests and answers of the social-graph routes (site/server/API.md, "Instagram graph"): proving
 * an Instagram handle, uploading the imported follow lists, matches and notifications.
 */

/** Instagram caps how many accounts one follows at 7,500; follower lists can be far longer. */
export const MAX_FOLLOWING_UPLOAD = 7_500;
export const MAX_FOLLOWERS_UPLOAD = 100_000;
/** 100,000 handles of up to 30 characters, quoted and separated. */
export const MAX_LISTS_BYTES = 4 * 1024 * 1024;

export const ProofRequest = v.object({ handle: v.optional(InstagramHandle) });
export type ProofRequest = v.InferOutput<typeof ProofRequest>;

export const Proof = v.object({
  handle: InstagramHandle,
  code: v.string(),
  expiresAt: v.string(),
  /** The P92 account that proved this handle before, if another one did. */
  provenBy: v.nullable(v.string()),
});
export type Proof = v.InferOutput<typeof Proof>;

export const ProofCheckResponse = v.object({
  account: Account,
  /** Opted-in people who follow the handle on Instagram and were made to follow it here. */
  autoFollowed: v.number(),
  /** "23 people who follow you on Instagram already follow you here". */
  instagramFollowersHere: v.number(),
});
export type ProofCheckResponse = v.InferOutput<typeof ProofCheckResponse>;

const handles = (max: number, name: string) =>
  v.pipe(v.array(InstagramHandle), v.maxLength(max, `must hold at most ${max} handles (${name})`));

/** Only handles and which list they are in: nothing else about anyone is uploaded. */
export const ListsUpload = v.object({
  following: v.optional(handles(MAX_FOLLOWING_UPLOAD, "Instagram's following limit")),
  followers: v.optional(handles(MAX_FOLLOWERS_UPLOAD, "the upload limit")),
});
export type ListsUpload = v.InferOutput<typeof ListsUpload>;

export const GraphSettings = v.object({ autoFollow: v.boolean() });

export const ListsSummary = v.object({
  following: v.number(),
  followers: v.number(),
  autoFollow: v.boolean(),
});
export type ListsSummary = v.InferOutput<typeof ListsSummary>;

export const MatchesResponse = v.object({
  accounts: v.array(Account),
  count: v.number(),
  alreadyFollowing: v.number(),
});
export type MatchesResponse = v.InferOutput<typeof MatchesResponse>;

export const NotificationKind = v.picklist([
  "follow",
  "instagram_joined",
  "reply",
  "like",
  "repost",
  "quote",
  "mention",
]);

export const Notification = v.object({
  id: v.number(),
  kind: NotificationKind,
  actor: v.string(),
  postId: v.nullable(v.string()),
  createdAt: v.string(),
  read: v.boolean(),
});
export type Notification = v.InferOutput<typeof Notification>;

export const NotificationsResponse = v.object({
  notifications: v.array(Notification),
  unread: v.number(),
  next: v.nullable(v.string()),
});
export type NotificationsResponse = v.InferOutput<typeof NotificationsResponse>;

export const MarkReadRequest = v.object({ upTo: v.optional(v.nullable(v.number()), null) });
