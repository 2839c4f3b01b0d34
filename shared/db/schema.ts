import { Dexie, type EntityTable } from "dexie";
import type { ImportedFollow, ImportedProfile, FollowList } from "../schema/instagram.ts";
import type { Account, Post } from "../schema/social.ts";

/** The one imported profile on this device, keyed by the constant `self`. */
export interface ProfileRow extends ImportedProfile {
  key: "self";
  /** The avatar image itself: Instagram's image URLs are signed and expire within days. */
  avatar: Blob | null;
}

export interface FollowRow extends ImportedFollow {
  /**
   * The import run that last saw this row (schema version 2). A finished run removes the rows of
   * its list that it did not see: those are unfollows. Empty for rows older than version 2.
   */
  runId?: string;
}

/** Where an import of one list stands, so it resumes from the saved cursor. */
export interface ImportStateRow {
  list: FollowList;
  /** Instagram's `next_max_id` for the next page; null before the first page. */
  cursor: string | null;
  /** Marks the rows seen by the run under way, so a finished run can drop unfollows. */
  runId: string;
  /**
   * The list held no rows when this run began, so every row it holds at the end is one the run
   * saw: finishing it has no unfollows to look for. Absent on runs begun before version 5.
   */
  startedEmpty?: boolean;
  fetched: number;
  total: number | null;
  skipped: number;
  status: "running" | "paused" | "done";
  updatedAt: string;
}

/** A post as cached on the device, plus local-only state. */
export interface PostRow extends Omit<Post, "viewer"> {
  /** `sending` while it waits in the outbox, `failed` with a reason when the server refused it. */
  localState?: "sending" | "failed";
  localError?: string;
  /** Why the server refused the reader's last like or repost of it, taken back on the device. */
  actionError?: string;
  /** The signed-in person's own like and repost (the server's `viewer`, kept on the device). */
  liked?: boolean;
  reposted?: boolean;
}

/** Who follows whom on P92 (from sync), apart from the imported Instagram lists (version 3). */
export interface SiteFollowRow {
  follower: string;
  followee: string;
  /** Asked to follow someone on another server, until their server accepts: not a follow yet. */
  requested?: true;
}

/** Someone the signed-in person (`owner`) blocked or muted (version 6), from sync or this device. */
export interface SiteRelationRow {
  owner: string;
  handle: string;
  kind: "block" | "mute";
}

export type AccountRow = Account;

/** An operation waiting to be pushed to the server by the sync endpoint. */
export interface OutboxRow {
  seq?: number;
  opId: string;
  op: unknown;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  /**
   * Set (to `accountKey` of the session) when its author signs out before it was sent: the
   * operation then waits for that account and is never sent as anyone else.
   */
  account?: string;
  /**
   * The post as it was before this operation deleted or edited it on the device: put back if the
   * server refuses the operation, so a refusal loses nothing.
   */
  restore?: PostRow;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

/**
 * The one IndexedDB schema, shared by the extension and the site so imported data means the same
 * thing on both sides. Add a new `version()` for every change, never edit an old one: Dexie runs
 * the upgrades in order on each device (https://dexie.org/docs/Tutorial/Design#database-versioning).
 */
export class P92Database extends Dexie {
  profile!: EntityTable<ProfileRow, "key">;
  follows!: Dexie.Table<FollowRow, [FollowList, string]>;
  importState!: EntityTable<ImportStateRow, "list">;
  posts!: EntityTable<PostRow, "id">;
  accounts!: EntityTable<AccountRow, "handle">;
  outbox!: EntityTable<OutboxRow, "seq">;
  settings!: EntityTable<SettingRow, "key">;
  siteFollows!: Dexie.Table<SiteFollowRow, [string, string]>;
  siteRelations!: Dexie.Table<SiteRelationRow, [string, string, string]>;

  constructor(name = "p92") {
    super(name);
    this.version(1).stores({
      profile: "key",
      follows: "[list+handle], list, instagramId",
      importState: "list",
      posts: "id, createdAt, author, [author+createdAt], replyTo",
      accounts: "handle",
      outbox: "++seq, &opId",
      settings: "key",
    });
    // Version 2: follow rows remember the import run that saw them, so a finished re-import can
    // drop unfollows with one indexed range delete instead of a scan.
    this.version(2)
      .stores({ follows: "[list+handle], list, instagramId, [list+runId]" })
      .upgrade((tx) =>
        tx
          .table("follows")
          .toCollection()
          .modify((row: FollowRow) => {
            row.runId ??= "";
          }),
      );
    // The site's P92 follow graph (who follows whom on P92, from sync), apart from the imported
    // Instagram lists in `follows`.
    this.version(3).stores({
      siteFollows: "[follower+followee], follower, followee",
    });
    // Version 4: follows drops its `list` index (the primary key [list+handle] already ranges over
    // one list: see countFollows) and its unused `instagramId` index. Each index is written for
    // every row, and a 100,000-row import spent about a third of its time on these two.
    this.version(4).stores({ follows: "[list+handle], [list+runId]" });
    // Version 5: follows drops its `[list+runId]` index too, the last one written for every row.
    // Finishing a re-import reads the list once instead (see finishFollowRun); a first import,
    // which has nothing to drop, reads nothing.
    this.version(5).stores({ follows: "[list+handle]" });
    // Version 6: whom the signed-in person blocked or muted, so every timeline on the device
    // leaves them out (posts already stored included).
    this.version(6).stores({ siteRelations: "[owner+handle+kind], owner" });
  }
}

export const DATABASE_NAME = "p92";
