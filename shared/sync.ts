import * as v from "valibot";
import { AccountHandle, Id, LIMITS, MediaId, boundedText } from "./schema/common.ts";
import { Account, NewPost, Post, PostText, ProfileLink } from "./schema/social.ts";
import { MAX_KNOWN_POSTS, MAX_OPS_PER_SYNC } from "./sync-limits.ts";

/**
 * The sync protocol between a client's outbox and the server's `POST /api/sync`.
 * The client pushes operations (each with its own id, so a retried batch is applied at most once)
 * and pulls the changes since its cursor. The cursor is opaque to clients.
 */
export { MAX_CHANGES_PER_PAGE, MAX_KNOWN_POSTS, MAX_OPS_PER_SYNC } from "./sync-limits.ts";

const op = <K extends string, T extends v.ObjectEntries>(type: K, entries: T) =>
  v.object({ opId: Id, type: v.literal(type), ...entries });

export const ProfileUpdate = v.object({
  displayName: v.optional(boundedText(LIMITS.fullName)),
  bio: v.optional(boundedText(LIMITS.bio)),
  links: v.optional(v.pipe(v.array(ProfileLink), v.maxLength(LIMITS.profileLinks))),
  /** An uploaded image (POST /api/media) to use as the avatar; null removes it. */
  avatarMediaId: v.optional(v.nullable(MediaId)),
});
export type ProfileUpdate = v.InferOutput<typeof ProfileUpdate>;

export const SyncOp = v.variant("type", [
  op("createPost", { post: NewPost }),
  op("deletePost", { postId: Id }),
  /** The author replaces a post's text, within a while of posting (the server says how long). */
  op("editPost", { postId: Id, text: PostText }),
  op("like", { postId: Id }),
  op("unlike", { postId: Id }),
  op("repost", { postId: Id }),
  op("unrepost", { postId: Id }),
  /** Someone here, or `user@host` elsewhere whom this server knows (a lookup finds them first). */
  op("follow", { handle: AccountHandle }),
  op("unfollow", { handle: AccountHandle }),
  op("updateProfile", { profile: ProfileUpdate }),
  /**
   * Blocking: neither sees the other's posts or profile through this server, follows both ways
   * end, and the blocked account can no longer follow, like, reply or notify. Muting: their posts
   * leave one's timelines and their notifications stop; they are not told.
   */
  op("block", { handle: AccountHandle }),
  op("unblock", { handle: AccountHandle }),
  op("mute", { handle: AccountHandle }),
  op("unmute", { handle: AccountHandle }),
]);
export type SyncOp = v.InferOutput<typeof SyncOp>;

/**
 * What an account asks its server to do, whichever way it arrives (a REST route, a sync op without
 * its opId, a federation inbox).
 */
export type Operation = SyncOp extends infer Op ? (Op extends unknown ? Omit<Op, "opId"> : never) : never;

/**
 * Each op is checked on its own (against `SyncOp`), so one the server refuses as invalid is
 * answered in its own result and the rest of the batch is applied: a queued op that became
 * invalid never blocks a device's sync. Only an op without a usable `opId` refuses the request.
 */
export const SyncRequest = v.object({
  ops: v.optional(v.pipe(v.array(v.looseObject({ opId: Id })), v.maxLength(MAX_OPS_PER_SYNC)), []),
  /** Null on the first sync: the server then sends a recent window, not all of history. */
  cursor: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200))), null),
  /** Ids of posts the client holds, so the server can send their fresh counts. */
  known: v.optional(v.pipe(v.array(Id), v.maxLength(MAX_KNOWN_POSTS)), []),
});
export type SyncRequest = v.InferOutput<typeof SyncRequest>;

export const ApiError = v.object({
  code: v.string(),
  message: v.string(),
  field: v.optional(v.string()),
});
export type ApiError = v.InferOutput<typeof ApiError>;

export const OpResult = v.union([
  v.object({ opId: Id, ok: v.literal(true) }),
  v.object({ opId: Id, ok: v.literal(false), error: ApiError }),
]);
export type OpResult = v.InferOutput<typeof OpResult>;

export const SyncChange = v.variant("kind", [
  v.object({ kind: v.literal("post"), post: Post }),
  v.object({ kind: v.literal("postDeleted"), postId: Id }),
  v.object({
    kind: v.literal("counts"),
    postId: Id,
    replyCount: v.number(),
    likeCount: v.number(),
    repostCount: v.number(),
  }),
  /** The signed-in person's own like or repost, so every device shows the same state. */
  v.object({ kind: v.literal("like"), postId: Id, active: v.boolean() }),
  v.object({ kind: v.literal("repost"), postId: Id, active: v.boolean() }),
  v.object({
    kind: v.literal("follow"),
    follower: AccountHandle,
    followee: AccountHandle,
    active: v.boolean(),
    /** Following someone on another server: asked, until their server accepts (then a follow). */
    requested: v.optional(v.literal(true)),
  }),
  v.object({ kind: v.literal("account"), account: Account }),
  /** The signed-in person blocked or muted someone (or stopped), on this device or another. */
  v.object({
    kind: v.literal("relation"),
    relation: v.picklist(["block", "mute"]),
    handle: AccountHandle,
    active: v.boolean(),
  }),
  /**
   * This server's admins (or the account's own server) suspended an account, or lifted it: while
   * suspended, nothing of it is shown, and a device drops the posts of it that it holds.
   */
  v.object({ kind: v.literal("suspension"), handle: AccountHandle, active: v.boolean() }),
]);
export type SyncChange = v.InferOutput<typeof SyncChange>;

export const SyncResponse = v.object({
  results: v.array(OpResult),
  changes: v.array(SyncChange),
  cursor: v.string(),
  /** True when more changes wait: the client asks again with the new cursor. */
  more: v.boolean(),
  /** How many notifications are unread (GET /api/notifications lists them). */
  notifications: v.optional(v.object({ unread: v.number() })),
});
export type SyncResponse = v.InferOutput<typeof SyncResponse>;
