import fs from "node:fs";
import { DEFAULT_SESSION_IDLE_SECONDS } from "../config.ts";
import { mediaDir, removeMediaFiles } from "../media/files.ts";
import * as accounts from "./postgres/accounts.ts";
import * as archive from "./postgres/archive.ts";
import * as deletions from "./postgres/deletions.ts";
import * as imports from "./postgres/imports.ts";
import { migrate, schemaVersion } from "./postgres/database.ts";
import { openPool, Queries } from "./postgres/db.ts";
import * as delivery from "./postgres/delivery.ts";
import * as federation from "./postgres/federation.ts";
import * as follows from "./postgres/follows.ts";
import * as relations from "./postgres/relations.ts";
import * as moderation from "./postgres/moderation.ts";
import * as reports from "./postgres/reports.ts";
import * as graph from "./postgres/graph.ts";
import * as media from "./postgres/media.ts";
import * as notifications from "./postgres/notifications.ts";
import * as posts from "./postgres/posts.ts";
import * as postEdits from "./postgres/post-edits.ts";
import * as remote from "./postgres/remote-accounts.ts";
import * as remotePosts from "./postgres/remote-posts.ts";
import * as search from "./postgres/search.ts";
import { postgresSessions } from "./postgres/sessions.ts";
import * as sync from "./postgres/sync.ts";
import * as timelines from "./postgres/timelines.ts";
import { PostgresGroupCommit } from "./postgres/group-commit.ts";
import { snapshot, transaction } from "./postgres/transactions.ts";
import type { Store } from "./store.ts";

/** Every process hears of every other's commits on this channel (delivery waits on it). */
const COMMITS_CHANNEL = "p92_commits";

export interface PostgresStoreOptions {
  /** The server's data directory: media files are kept in its `media` folder. */
  dataDir: string;
  sessionIdleSeconds?: number;
  /** Connections of this process's pool. */
  connections?: number;
}

/**
 * The Store on PostgreSQL (`P92_DATABASE_URL`): the schema brought up to date, then each
 * operation one function of ./postgres/ (the same functions as ./sqlite/, on the same row shapes),
 * run either as a read on the pool or as a write, which resolves once committed: writes of the
 * change log in batches (postgres/group-commit.ts), others in a transaction of their own. Several processes may share the database:
 * - the change log is in commit order across processes (postgres/transactions.ts);
 * - sessions are read from the database on each request (no cache to fall out of date);
 * - every write NOTIFYs at commit, so `watchCommits` hears of other processes' writes too;
 * - media files live in `P92_DATA_DIR/media`, which every process must share (one volume).
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<Store> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const pool = openPool(url, { max: options.connections ?? 10 });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end({ timeout: 1 });
    throw error;
  }
  const mediaFolder = mediaDir(options.dataDir);
  const q = new Queries(pool);

  const read =
    <A extends unknown[], R>(query: (q: Queries, ...args: A) => Promise<R>) =>
    (...args: A) =>
      query(q, ...args);
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of watchers) watcher();
  };
  const announce = (w: Queries) => w.run(`SELECT pg_notify('${COMMITS_CHANNEL}', '')`).then(() => {});
  /** Writes of the change log, in batches (group commit), in the order they were asked for. */
  const writes = new PostgresGroupCommit(pool, announce);
  /** A write that may append to the change log. */
  const write =
    <A extends unknown[], R>(change: (q: Queries, ...args: A) => Promise<R>) =>
    async (...args: A) => {
      const value = await writes.run((w) => change(w, ...args));
      notify();
      return value;
    };
  /** A write that never touches the change log (proof codes, uploads): no need to wait for its lock. */
  const writeUnlogged =
    <A extends unknown[], R>(change: (q: Queries, ...args: A) => Promise<R>) =>
    (...args: A) =>
      transaction(pool, { logged: false }, (w) => change(w, ...args));
  /**
   * A write that may release media: the files nothing uses any more are removed once it has
   * committed (a crash in between leaves files the start-up sweep removes).
   */
  const writeReleasing =
    <A extends unknown[], R>(change: (q: Queries, ...args: [...A, string[]]) => Promise<R>) =>
    async (...args: A) => {
      const freed: string[] = [];
      const value = await writes.run((w) => {
        // A write run again (a deadlock) starts its list again: only the attempt that commits counts.
        freed.length = 0;
        return change(w, ...args, freed);
      });
      if (freed.length > 0) await removeMediaFiles(mediaFolder, freed);
      notify();
      return value;
    };

  // Other processes' commits; this process's own are announced as they return (above).
  const listening = await pool.listen(COMMITS_CHANNEL, notify);
  let closed = false;

  return {
    createAccount: write(accounts.createAccount),
    findCredentials: read(accounts.findCredentials),
    ...postgresSessions(pool, options.sessionIdleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS),
    accountById: read(accounts.accountById),
    accountByHandle: read(accounts.accountByHandle),
    followingHandles: read(accounts.followingHandles),

    postById: read(posts.readablePost),
    postIdByObjectUri: read(remotePosts.postIdByObjectUri),
    objectUriOfPost: read(remotePosts.objectUriOfPost),
    postAuthorId: read(async (q, postId: string) => (await posts.postAuthor(q, postId))?.authorId ?? null),
    earlierTexts: read(postEdits.earlierTextsOf),
    viewerState: read(posts.viewerState),
    followingTimeline: read(timelines.followingTimeline),
    everyoneTimeline: read(timelines.everyoneTimeline),
    profilePosts: read(timelines.profilePosts),
    replies: read(timelines.replies),
    searchAccounts: read(search.searchAccounts),
    searchPosts: read(search.searchPosts),

    applyOp: writeReleasing(sync.applyOp),
    isOpApplied: read(sync.isOpApplied),
    changesSince: read(sync.changesSince),
    firstSyncWindow: (accountId, limits) => snapshot(pool, (r) => sync.firstSyncWindow(r, accountId, limits)),

    insertMedia: writeUnlogged(media.insertMedia),
    mediaById: read(media.mediaById),
    mediaBytesUsed: read(media.mediaBytesUsed),
    removeUnattachedMedia: writeReleasing(media.removeUnattachedMedia),
    knownMediaIds: read(media.knownMediaIds),

    saveProof: writeUnlogged(graph.saveProof),
    pendingProof: read(graph.pendingProof),
    instagramOwner: read(graph.instagramOwner),
    proveInstagram: write(graph.prove),
    replaceInstagramList: writeUnlogged(graph.replaceList),
    instagramListSummary: read(graph.listSummary),
    instagramListPage: read(archive.instagramListPage),
    interactionPage: read(archive.interactionPage),
    setAutoFollow: writeUnlogged(graph.setAutoFollow),
    instagramMatches: read(graph.matches),
    followInstagramMatches: write(graph.followMatches),
    notifications: read(notifications.notifications),
    unreadNotifications: read(notifications.unreadCount),
    markNotificationsRead: writeUnlogged(notifications.markRead),

    actorKeys: read(federation.actorKeys),
    saveActorKeys: writeUnlogged(federation.saveActorKeys),
    followPage: read(federation.followPage),
    instanceUsage: read(federation.instanceUsage),
    accountByActorUri: read(remote.accountByActorUri),
    saveRemoteAccount: write(remote.saveRemoteAccount),
    deleteRemoteAccount: writeReleasing(remote.deleteRemoteAccount),
    claimOutboxRead: writeUnlogged(remote.claimOutboxRead),
    remoteMedia: read(remotePosts.remoteMedia),
    saveReportedCounts: write(remote.saveReportedCounts),
    followState: read(follows.followState),
    relationsBetween: read(relations.relationsBetween),
    relationPage: read(relations.relationPage),
    fileReport: write(reports.fileReport),
    reportQueue: read(moderation.reportQueue),
    reportTarget: read(moderation.reportTarget),
    actionLog: read(moderation.actionLog),
    moderate: writeReleasing(moderation.moderate),
    isDomainBlocked: read(moderation.isDomainBlocked),
    blockedDomainPage: read(moderation.blockedDomainPage),
    suspendedPage: read(moderation.suspendedPage),
    deleteAccount: write(deletions.deleteAccount),
    purgeStep: writeReleasing(deletions.purgeStep),
    freeDeletedHandles: write(deletions.freeDeletedHandles),
    localAccountState: read(deletions.localAccountState),
    importPosts: write(imports.importPosts),
    importedSources: read(imports.importedSources),
    latestChangeSeq: read(sync.latestChangeSeq),
    outgoingChanges: read(delivery.outgoingChanges),
    remoteFollowerInboxes: read(delivery.remoteFollowerInboxes),
    watchCommits(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },

    health: async () => ({ schemaVersion: await schemaVersion(pool) }),
    close() {
      if (closed) return;
      closed = true;
      // Queries already sent finish; nothing new is accepted.
      void listening
        .unlisten()
        .catch(() => {})
        .finally(() => pool.end({ timeout: 5 }));
    },
  };
}
