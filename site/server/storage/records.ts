import type { RelationKind } from "./rows/relations.ts";
import type { NewPost } from "../../../shared/schema/social.ts";
import type { ReplyPolicy } from "../../../shared/reply-policy.ts";

/**
 * The records the Store takes and gives (store.ts): plain data, the same whichever database keeps
 * them. Serializers (../serialize.ts) turn them into the API's wire JSON.
 */

export type ViewerState = Map<string, { liked: boolean; reposted: boolean }>;

export interface FirstSyncWindow {
  /** The last change-log position the window includes. */
  cursor: number;
  account: AccountRecord;
  followees: string[];
  /** Whom the account blocked or muted, newest first. */
  relations: { handle: string; kind: RelationKind }[];
  /** Newest first. */
  posts: PostRecord[];
  viewerState: ViewerState;
}

export interface PageRequest {
  /** Keyset cursor: only posts older than this position. */
  before: number | null;
  limit: number;
}

/**
 * A page of post search: newest first; `next` continues after it (it may be short when posts the
 * reader may not see were skipped), null at the end.
 */
export interface SearchPage {
  posts: PostRecord[];
  next: number | null;
}

export interface NewAccountRecord {
  handle: string;
  passwordHash: Buffer;
  passwordSalt: Buffer;
  displayName: string;
  bio: string;
  links: { title: string; url: string }[];
  instagram: { handle: string; verified: boolean } | null;
}

export interface AccountRecord {
  id: number;
  handle: string;
  displayName: string;
  bio: string;
  links: { title: string; url: string }[];
  avatar: MediaRecord | null;
  instagram: { handle: string; proven: boolean; verified: boolean } | null;
  followerCount: number;
  followingCount: number;
  postCount: number;
  createdAt: string;
  /** Deleted: by its owner (this server's), or by its own server (elsewhere). Nothing of it is shown. */
  deleted: boolean;
  /**
   * Suspended by this server's admins or by its own server: it cannot sign in, and nothing of it
   * is shown (rows/relations.ts `visibleTo`).
   */
  suspended: boolean;
  /** Someone on another server (handle `user@host`); null for this server's own accounts. */
  remote: (RemoteActor & RemoteReading) | null;
}

/** What this server last read of a remote account beyond its actor: its counts and its outbox. */
export interface RemoteReading {
  /** The counts its server reports (null until read, or where it does not say). */
  reported: ReportedCounts;
  /** When its outbox was last read for recent posts; null when never. */
  outboxReadAt: string | null;
}

export interface ReportedCounts {
  posts: number | null;
  followers: number | null;
  following: number | null;
}

/** Where a remote account lives: its ActivityPub actor and what it says about itself. */
export interface RemoteActor {
  actorUri: string;
  inbox: string;
  sharedInbox: string | null;
  /** Its followers collection: a post addressed to it (and not to the public) is followers-only. */
  followers: string | null;
  /** Its profile page on its server. */
  url: string;
  /** Its avatar, on its server. */
  avatarUrl: string | null;
}

/** A remote actor as read from its server, to create or refresh its account. */
export interface RemoteProfile {
  handle: string;
  displayName: string;
  bio: string;
  links: { title: string; url: string }[];
  actor: RemoteActor;
  /** Its server suspended it (its actor says `suspended`): hidden here until it says otherwise. */
  suspended: boolean;
}

export interface Credentials {
  accountId: number;
  hash: Buffer;
  salt: Buffer;
}

/** A new post as stored: what its author sent, with the links the server found in its text. */
export type NewPostRecord = Omit<NewPost, "replyPolicy"> & { links: string[]; replyPolicy: ReplyPolicy };

export interface PostRecord {
  /** Position in arrival order: the keyset cursor of timelines. */
  seq: number;
  id: string;
  author: string;
  text: string;
  links: string[];
  media: PostMedia[];
  replyTo: string | null;
  quoteOf: string | null;
  createdAt: string;
  deleted: boolean;
  replyCount: number;
  likeCount: number;
  repostCount: number;
  /** A post from another server: its ActivityPub id and its page there. Null for local posts. */
  remote: { objectUri: string; url: string } | null;
  contentWarning: string | null;
  /** Its media may shock: shown blurred until the reader asks (ActivityPub's `sensitive`). */
  sensitive: boolean;
  visibility: Visibility;
  editedAt: string | null;
  /** Who may reply to it (shared/reply-policy.ts). */
  replyPolicy: ReplyPolicy;
}

/**
 * Who may read a post. Local posts are public. From other servers: `unlisted` (public, but not in
 * the Everyone timeline) and `followers` (only its author's followers here). Direct messages are
 * not stored.
 */
export type Visibility = "public" | "unlisted" | "followers";

/** An attachment of a post: an upload of this server, or a file on another server, by URL. */
export type PostMedia = (MediaRecord & { alt: string }) | RemoteMediaRecord;

export interface RemoteMediaRecord {
  /** Made from the URL, so the same file has the same id. */
  id: string;
  kind: "image" | "video";
  mimeType: string;
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
}

/** A file of a remote post: where it is on its server, and who may see the post. */
export interface RemoteMediaOf {
  url: string;
  visibility: Visibility;
}

export function isRemoteMedia(media: PostMedia): media is RemoteMediaRecord {
  return "url" in media;
}

/**
 * A post from another server as read from its object, to store (once per object id) or to replace
 * on an edit. What it replies to and quotes are already local post ids; `mentions` are the local
 * accounts it mentions (each notified).
 */
export interface RemotePostRecord {
  objectUri: string;
  url: string;
  text: string;
  links: string[];
  media: RemoteMediaRecord[];
  replyTo: string | null;
  quoteOf: string | null;
  contentWarning: string | null;
  sensitive: boolean;
  visibility: Visibility;
  /** When its server says it was published (never later than its arrival). */
  createdAt: string;
  /** When its server says it was last edited (`updated`), if it says. */
  editedAt: string | null;
  mentions: number[];
  /** Who its server lets reply (its `interactionPolicy`); the server here applies it to replies from here. */
  replyPolicy: ReplyPolicy;
  /** An old post read from its author's outbox: nobody here is notified of it. */
  quiet?: true;
}

export interface MediaRecord {
  id: string;
  ownerId: number;
  kind: "image" | "video";
  mimeType: string;
  file: string;
  size: number;
  previewFile: string | null;
  width: number | null;
  height: number | null;
  duration: number | null;
  createdAt: string;
  /** Used by a post or a profile (then cacheable for good); unattached uploads may still go. */
  attached: boolean;
}

export type ChangeRecord =
  | { seq: number; kind: "post"; post: PostRecord }
  | { seq: number; kind: "postDeleted"; postId: string }
  | { seq: number; kind: "counts"; post: PostRecord }
  | { seq: number; kind: "like" | "repost"; postId: string; active: boolean }
  | { seq: number; kind: "follow"; follower: string; followee: string; active: boolean; requested?: true }
  | { seq: number; kind: "account"; account: AccountRecord }
  | { seq: number; kind: "relation"; relation: RelationKind; handle: string; active: boolean }
  | { seq: number; kind: "suspension"; handle: string; active: boolean };

export interface ChangePage {
  changes: ChangeRecord[];
  /** The last change-log position this page covers (examined, even if not relevant). */
  last: number;
  more: boolean;
}

// The social graph carried over from Instagram (issue 6).

export type InstagramList = "following" | "followers";

export interface ProofRecord {
  /** Lower-cased Instagram handle the code is for. */
  handle: string;
  code: string;
  expiresAt: string;
}

export interface ProvenProfile {
  /** Lower-cased handle the pending code was issued for. */
  handle: string;
  /** The code the server found in the bio. */
  code: string;
  /** The handle as Instagram spells it, shown on the profile. */
  username: string;
  /** What the server's own fetch said: the only source of the verified badge. */
  verified: boolean;
}

export type ProveOutcome =
  | { status: "no_proof" | "expired" }
  | {
      status: "proven";
      account: AccountRecord;
      /** Opted-in people who followed the handle on Instagram and now follow the account here. */
      autoFollowed: number;
      /** Everyone here who follows this account and lists the handle in their Instagram following. */
      instagramFollowersHere: number;
      /** The account that held the handle before and lost it, if any. */
      previousOwner: string | null;
    };

export interface ListSummary {
  following: number;
  followers: number;
  autoFollow: boolean;
}

export interface MatchesRecord {
  /** Proven accounts in the person's Instagram following that they do not follow here yet. */
  accounts: AccountRecord[];
  /** Matches they already follow here. */
  alreadyFollowing: number;
}

export type NotificationKind =
  "follow" | "instagram_joined" | "reply" | "like" | "repost" | "quote" | "mention";

export interface NotificationRecord {
  id: number;
  kind: NotificationKind;
  actor: string;
  postId: string | null;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  notifications: NotificationRecord[];
  unread: number;
}

/** An account's signing keys as JWK (private and public), one pair per algorithm. */
export interface ActorKeysRecord {
  rsa: { privateKey: JsonWebKey; publicKey: JsonWebKey };
  ed25519: { privateKey: JsonWebKey; publicKey: JsonWebKey };
}

/**
 * One page of a follow list: each account's handle and, when it is on another server, where its
 * actor and inboxes are; `next` is the cursor of the page after, if any.
 */
/** One page of the accounts someone blocked or muted; `next` continues it. */
export interface RelationPage {
  accounts: AccountRecord[];
  next: number | null;
}

export interface FollowPage {
  accounts: { handle: string; remote: Pick<RemoteActor, "actorUri" | "inbox" | "sharedInbox"> | null }[];
  next: number | null;
}

/** What NodeInfo reports: accounts, and posts not deleted. */
export interface InstanceUsage {
  users: number;
  posts: number;
}

/** Whether an account follows another, has asked to (someone elsewhere, not answered yet), or neither. */
export type FollowState = "following" | "requested" | "none";

/**
 * A change made by a local account that other servers may need to hear of, as delivery reads the
 * change log: in commit order, only kinds that federate.
 */
export interface OutgoingChange {
  seq: number;
  kind:
    | "post"
    | "postEdited"
    | "postDeleted"
    | "like"
    | "repost"
    | "follow"
    | "followRequest"
    | "account"
    | "accountDeleted"
    | "block";
  /** The local account that acted, and its handle. */
  accountId: number;
  handle: string;
  postId: string | null;
  targetAccountId: number | null;
  active: boolean | null;
}

/** A slice of outgoing changes; `last` is where the next read starts (nothing skipped). */
export interface OutgoingChangePage {
  changes: OutgoingChange[];
  last: number;
}

/** Where an activity for a remote actor goes: its inbox, or the shared inbox of its server. */
export type DeliveryTarget = Pick<RemoteActor, "actorUri" | "inbox" | "sharedInbox">;
