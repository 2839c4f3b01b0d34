import type { AccountRecord } from "./store.ts";

/** The records of the social graph carried over from Instagram (issue 6), as the Store gives them. */

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

export type NotificationKind = "follow" | "instagram_joined" | "reply" | "like" | "repost" | "quote";

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
