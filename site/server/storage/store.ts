import type { ImportedPostRecord, ImportOutcome } from "./rows/imports.ts";
import type { Operation } from "../../../shared/sync.ts";
import type {
  AccountRecord,
  ActorKeysRecord,
  FollowPage,
  InstanceUsage,
  ChangePage,
  DeliveryTarget,
  FollowState,
  OutgoingChangePage,
  Credentials,
  FirstSyncWindow,
  InstagramList,
  ListSummary,
  MatchesRecord,
  MediaRecord,
  NewAccountRecord,
  NewPostRecord,
  NotificationPage,
  PageRequest,
  PostRecord,
  RemoteMediaOf,
  RemotePostRecord,
  ProofRecord,
  ProveOutcome,
  ProvenProfile,
  RemoteProfile,
  RelationPage,
  ReportedCounts,
  SearchPage,
  ViewerState,
} from "./records.ts";
import type { SearchQuery } from "../../../shared/search-text.ts";
import type { InteractedPost, Interaction } from "./rows/archive.ts";
import type { LocalAccountState, PurgeProgress } from "./rows/deletions.ts";
import type { FollowSide } from "./rows/federation.ts";
import type { EarlierText, PostEdit } from "./rows/post-edits.ts";
import type { RelationKind, Relations } from "./rows/relations.ts";
import type { FiledReport, NewReportRecord } from "./rows/reports.ts";
import type {
  BlockedDomainRecord,
  LoggedAction,
  ModerationOutcome,
  ModerationPage,
  NewModerationAction,
  QueuedReport,
  ReportStatus,
  ReportTarget,
  SuspendedAccountRecord,
} from "./rows/moderation.ts";

/**
 * What the server keeps, as domain operations. Handlers only call these; two implementations
 * wire them to SQL, the only SQL besides the migrations: SQLite (sqlite-store.ts, the functions of
 * sqlite/) and PostgreSQL (postgres-store.ts, the functions of postgres/, same names, same row
 * shapes; what both share is in rows/). Records are never deleted outright (a deleted post stays
 * as a tombstone), so a record an operation just wrote can be read back. Every operation answers a
 * promise, as a networked database's client does; a write resolves only after its commit is
 * durable.
 *
 * The change log's order is commit order, or a reader could pass a position whose change has not
 * committed yet and skip it forever. SQLite has one writer, so a sequence assigned inside the
 * transaction already is. PostgreSQL is shared by several server processes: every transaction that
 * may append to the log takes the log's advisory lock (`pg_advisory_xact_lock`) before its first
 * statement and holds it until it commits (postgres/transactions.ts), so positions are handed out
 * in commit order there too; each process batches its log writes into one such transaction at a
 * time (postgres/group-commit.ts), so the lock's cost is shared, as SQLite's fsync is.
 */
export interface Store {
  createAccount(input: NewAccountRecord): Promise<AccountRecord | "handle_taken">;
  findCredentials(handle: string): Promise<Credentials | null>;
  createSession(accountId: number, tokenHash: Buffer): Promise<void>;
  /**
   * The account of a session, or null. A session unused for longer than the store's idle limit is
   * signed out here; using one marks it used (written at most once a day or so, not per request).
   */
  findSessionAccount(tokenHash: Buffer): Promise<number | null>;
  deleteSession(tokenHash: Buffer): Promise<void>;
  /** Signs the account out everywhere, except the session `keep` when given. */
  deleteSessions(accountId: number, keep: Buffer | null): Promise<void>;
  /** Sets a new password and signs every other session out, in one transaction. */
  changePassword(accountId: number, hash: Buffer, salt: Buffer, keep: Buffer): Promise<void>;
  /** Signs out sessions unused for longer than the idle limit; answers how many. */
  deleteIdleSessions(): Promise<number>;
  accountById(id: number): Promise<AccountRecord | null>;
  accountByHandle(handle: string): Promise<AccountRecord | null>;
  /** Handles this account follows, most recent first. */
  followingHandles(accountId: number, limit: number): Promise<string[]>;

  /**
   * A post (deleted ones too, as tombstones) if `reader` may see it: a followers-only post only
   * its author's followers here may (null: someone not signed in).
   */
  postById(id: string, reader: number | null): Promise<PostRecord | null>;
  /** The local id of a post from another server, by its ActivityPub id. */
  postIdByObjectUri(objectUri: string): Promise<string | null>;
  /** The ActivityPub id of a post from another server (whoever may read it); null for local posts. */
  objectUriOfPost(postId: string): Promise<string | null>;
  /** The author of a post (deleted ones too, whoever may read it), or null for no such post. */
  postAuthorId(postId: string): Promise<number | null>;
  /** The texts an edited post had before, newest first (for its author only: see the route). */
  earlierTexts(postId: string): Promise<EarlierText[]>;
  viewerState(accountId: number, postIds: string[]): Promise<ViewerState>;

  followingTimeline(accountId: number, page: PageRequest): Promise<PostRecord[]>;
  /**
   * Public posts only: no unlisted or followers-only post from another server, none of accounts
   * the reader blocked, muted or is blocked by.
   */
  everyoneTimeline(page: PageRequest, reader: number | null): Promise<PostRecord[]>;
  /** People by the start of the words of their handle or name, best first (sqlite/search.ts). */
  searchAccounts(query: SearchQuery, reader: number | null, limit: number): Promise<AccountRecord[]>;
  /** Posts holding the words and hashtags asked, newest first, among those the reader may find. */
  searchPosts(query: SearchQuery, reader: number | null, page: PageRequest): Promise<SearchPage>;
  /** The author's posts that `reader` may see. */
  profilePosts(authorId: number, page: PageRequest, reader: number | null): Promise<PostRecord[]>;
  /** The replies that `reader` may see. */
  replies(postId: string, page: PageRequest, reader: number | null): Promise<PostRecord[]>;

  /**
   * Applies an account's operation (a post, a deletion, a like, a follow, a profile change: what
   * ../operations.ts performs for REST, sync and the federation inbox). With an op id it is applied at
   * most once per (account, op id): the id is recorded in the same transaction as the effect, and
   * an op already recorded is not run again.
   */
  applyOp(accountId: number, op: StoreOp, opId: string | null): Promise<OpOutcome>;
  /** Whether this operation was applied already (a retried batch): it costs no rate limit again. */
  isOpApplied(accountId: number, opId: string): Promise<boolean>;
  /** Changes relevant to this account after the cursor, in commit order. */
  changesSince(accountId: number, after: number, known: string[], limit: number): Promise<ChangePage>;
  /**
   * What a first sync sends, read as one snapshot: the end of the change log (the new cursor),
   * the account, whom it follows, whom it blocked or muted, and the newest posts of its following timeline with the
   * account's own likes and reposts of them. Nothing that commits after `cursor` is in it.
   */
  firstSyncWindow(
    accountId: number,
    limits: { posts: number; follows: number; relations: number },
  ): Promise<FirstSyncWindow | null>;

  /**
   * Records an upload unless it would take its owner past `quotaBytes`. Media start unattached;
   * a post or avatar using them attaches them, and media nothing uses any more are deleted with
   * their files (after the commit that released them), as are uploads never attached after a day.
   */
  insertMedia(media: MediaRecord, quotaBytes: number): Promise<"stored" | "over_quota">;
  mediaById(id: string): Promise<MediaRecord | null>;
  mediaBytesUsed(accountId: number): Promise<number>;
  /** Deletes uploads created before `before` and never attached; answers how many. */
  removeUnattachedMedia(before: string): Promise<number>;
  /** Which of these ids name media the database knows (for files left behind by a crash). */
  knownMediaIds(ids: string[]): Promise<Set<string>>;

  /** Issues (or replaces) the account's pending Instagram proof code. */
  saveProof(accountId: number, proof: ProofRecord): Promise<void>;
  pendingProof(accountId: number): Promise<ProofRecord | null>;
  /** Handle of the P92 account that proved this Instagram handle, if any. */
  instagramOwner(instagramHandle: string): Promise<string | null>;
  /**
   * Links a proven handle in one transaction: drops the previous holder's link, spends the code,
   * notifies everyone whose uploaded following lists the handle, and makes the opted-in among
   * them follow the account.
   */
  proveInstagram(accountId: number, proof: ProvenProfile, at: string): Promise<ProveOutcome>;
  replaceInstagramList(accountId: number, list: InstagramList, handles: string[]): Promise<number>;
  instagramListSummary(accountId: number): Promise<ListSummary>;
  /** One page of an Instagram list the account uploaded, by handle, after `after`. */
  instagramListPage(
    accountId: number,
    list: InstagramList,
    after: string | null,
    limit: number,
  ): Promise<string[]>;
  /** One page of the posts (not deleted) the account liked or reposted, by post id, after `after`. */
  interactionPage(
    accountId: number,
    kind: Interaction,
    after: string | null,
    limit: number,
  ): Promise<InteractedPost[]>;
  setAutoFollow(accountId: number, on: boolean): Promise<void>;
  /** Proven accounts in the person's uploaded Instagram following (set-based, indexed). */
  instagramMatches(accountId: number): Promise<MatchesRecord>;
  /** Follows every match not followed yet; answers how many follows were created. */
  followInstagramMatches(accountId: number): Promise<number>;
  notifications(accountId: number, before: number | null, limit: number): Promise<NotificationPage>;
  unreadNotifications(accountId: number): Promise<number>;
  /** Marks read up to `upTo` (all when null); answers the unread count left. */
  markNotificationsRead(accountId: number, upTo: number | null): Promise<number>;
  /** The account's signing keys (null: the server's own actor's), if any were made yet. */
  actorKeys(accountId: number | null): Promise<ActorKeysRecord | null>;
  /** Saves the account's (or server's) first keys; answers the keys kept (an earlier save wins). */
  saveActorKeys(accountId: number | null, keys: ActorKeysRecord): Promise<ActorKeysRecord>;
  /**
   * One page of who follows the account, whom it follows, or whom it asked to follow and waits
   * for (`requested`), by account id.
   */
  followPage(accountId: number, side: FollowSide, after: number | null, limit: number): Promise<FollowPage>;
  /** This server's own accounts and their posts (not the remote accounts it knows). */
  instanceUsage(): Promise<InstanceUsage>;
  /** The account of a remote actor (not deleted), by its actor id. */
  accountByActorUri(actorUri: string): Promise<AccountRecord | null>;
  /**
   * Creates or refreshes a remote actor's account (its handle is kept from creation on). Refused
   * when another account holds its handle, or when the actor was deleted (it does not come back).
   */
  saveRemoteAccount(profile: RemoteProfile): Promise<AccountRecord | "handle_taken" | "deleted">;
  /**
   * Undoes a deleted remote actor's follows, likes and reposts and removes the notifications it
   * caused; its account stays, marked deleted. Answers whether it was known.
   */
  deleteRemoteAccount(actorUri: string): Promise<boolean>;
  /**
   * Takes the turn to read a remote account's outbox: false when it was read after `after` (an ISO
   * time) or is being read, so its server is asked at most once in that time.
   */
  claimOutboxRead(accountId: number, after: string): Promise<boolean>;
  /** A file of a remote post (not deleted), by its media id: where it is on its server; null if none. */
  remoteMedia(postId: string, mediaId: string): Promise<RemoteMediaOf | null>;
  /** Keeps the counts a remote account's server reports for it (its posts, followers, following). */
  saveReportedCounts(accountId: number, counts: ReportedCounts): Promise<void>;
  /** Whether the follower follows the followee, has asked to, or neither. */
  followState(followerId: number, followeeId: number): Promise<FollowState>;
  /** Whether `a` blocked `b`, `b` blocked `a`, and whether `a` muted `b`. */
  relationsBetween(a: number, b: number): Promise<Relations>;
  /** Files a report to the admins, unless its reporter has one open about the same target. */
  fileReport(report: NewReportRecord): Promise<FiledReport>;
  /** One page of the reports of a status, newest first, with what was reported as it was then. */
  reportQueue(
    status: ReportStatus,
    before: number | null,
    limit: number,
  ): Promise<ModerationPage<QueuedReport>>;
  /** What a report is about (its account's handle, its post), or null for no such report. */
  reportTarget(id: number): Promise<ReportTarget | null>;
  /** One page of the admins' log, newest first. */
  actionLog(before: number | null, limit: number): Promise<ModerationPage<LoggedAction>>;
  /**
   * Logs an admin's action with its part in the database (resolving the report it answers, and
   * every open report of a post it deleted or an account it suspended; blocking or unblocking a
   * domain; suspending an account, which ends its sessions, or lifting it), all or nothing.
   */
  moderate(entry: NewModerationAction): Promise<ModerationOutcome>;
  /**
   * Whether an admin blocked one of `domains` (a host and the domains above it:
   * federation/blocked-domains.ts); P92_BLOCKED_DOMAINS is not here.
   */
  isDomainBlocked(domains: string[]): Promise<boolean>;
  /** The domains admins blocked, in order, after `after`. */
  blockedDomainPage(after: string | null, limit: number): Promise<BlockedDomainRecord[]>;
  /** The suspended accounts (by the admins or their own server), by handle, after `after`. */
  suspendedPage(after: string | null, limit: number): Promise<SuspendedAccountRecord[]>;
  /**
   * Deletes an account of this server at once, as seen from outside, and queues the purge of
   * what it had (rows/deletions.ts); not_found for no such live account here.
   */
  deleteAccount(accountId: number): Promise<"deleted" | "not_found">;
  /**
   * One batch of the oldest purge of a deleted account (null: none under way); its follows wait
   * until delivery has read past its deletion (`deliveredUpTo`). Files freed are removed.
   */
  purgeStep(deliveredUpTo: number, batch: number): Promise<PurgeProgress | null>;
  /** Frees the handles of purged accounts deleted before `before`; answers how many. */
  freeDeletedHandles(before: string): Promise<number>;
  /** An account of this server by handle, deleted ones too while their handle is reserved. */
  localAccountState(handle: string): Promise<LocalAccountState | null>;
  /**
   * Stores a batch of posts imported from a P92 archive (rows/imports.ts), in one transaction:
   * each one not imported before is created with its own dates; not_found (nothing stored) when
   * an upload named is not the account's.
   */
  importPosts(accountId: number, posts: ImportedPostRecord[], localHost: string): Promise<ImportOutcome>;
  /** Which of these addresses the account imported posts from already. */
  importedSources(accountId: number, sources: string[]): Promise<string[]>;
  /** One page of the accounts this account blocked (or muted), newest first. */
  relationPage(
    accountId: number,
    kind: RelationKind,
    before: number | null,
    limit: number,
  ): Promise<RelationPage>;
  /** The end of the change log: where delivery starts on a server's first run. */
  latestChangeSeq(): Promise<number>;
  /** Changes after `after` that other servers may need to hear of, in commit order. */
  outgoingChanges(after: number, limit: number): Promise<OutgoingChangePage>;
  /** One delivery target per inbox of the account's followers elsewhere. */
  remoteFollowerInboxes(accountId: number): Promise<DeliveryTarget[]>;
  /**
   * Calls `listener` after each write commits (delivery waits on it rather than polling); answers
   * the function that stops it.
   */
  watchCommits(listener: () => void): () => void;
  /** Whether the database answers, and the schema version it is on. */
  health(): Promise<{ schemaVersion: number }>;
  close(): void;
}

/** An operation as the Store applies it: the client's, with a new post's links found. */
export type StoreOp =
  | Exclude<Operation, { type: "createPost" | "editPost" }>
  /** `localHost`: this server's host, under which a post may mention someone here in full. */
  | { type: "createPost"; post: NewPostRecord; localHost?: string }
  | ({ type: "editPost" } & PostEdit)
  | RemoteOperation;

/**
 * What only another server's activities do, as operations of the remote account that sent them:
 * store a post of theirs (once per object id), replace it on an edit, delete it; answer a local
 * account's follow request.
 */
export type RemoteOperation =
  | { type: "receivePost"; post: RemotePostRecord }
  | { type: "editRemotePost"; post: RemotePostRecord }
  | { type: "deleteRemotePost"; objectUri: string }
  /** Their server accepted (or refused) a local account's request to follow them. */
  | { type: "acceptFollow" | "rejectFollow"; followerId: number };

/** What applying an operation gave. A refusal changed nothing. */
export type OpOutcome =
  | { status: "done" | "already_applied" }
  /** A new post stored, or the same post sent again: the post as stored. */
  | { status: "created" | "existing"; post: PostRecord }
  /** Another post already has this id. */
  | { status: "conflict" }
  | { status: "not_found"; field: MissingField; id: string }
  /** Deleting (or editing) someone else's post. */
  | { status: "forbidden" }
  /** The account acting was deleted meanwhile (a request that passed its session check before). */
  | { status: "account_deleted" }
  /** Following, blocking or muting oneself. */
  | { status: "self" }
  /** Following, or acting on a post of, someone who blocked the account or whom it blocked. */
  | { status: "blocked" }
  /** Reposting a followers-only post. */
  | { status: "private" }
  /** Replying to a post whose author let only others reply (shared/reply-policy.ts). */
  | { status: "reply_limited" }
  /** Editing a post: too long after posting, to no text and no media, or once too often. */
  | { status: "too_late" | "empty" | "too_many_edits" };

/** The outcomes of an operation that went through. */
export type Performed = Extract<OpOutcome, { status: "done" | "created" | "existing" | "already_applied" }>;

export function succeeded(outcome: OpOutcome): outcome is Performed {
  return (
    outcome.status === "done" ||
    outcome.status === "created" ||
    outcome.status === "existing" ||
    outcome.status === "already_applied"
  );
}

/** What an operation pointed at that is not there (or not the account's own, for media). */
export type MissingField = "postId" | "handle" | "replyTo" | "quoteOf" | "media" | "avatarMediaId" | "follow";
