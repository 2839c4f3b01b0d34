import fs from "node:fs";
import path from "node:path";
import { DEFAULT_SESSION_IDLE_SECONDS } from "../config.ts";
import { mediaDir, removeMediaFiles } from "../media/files.ts";
import * as accounts from "./sqlite/accounts.ts";
import * as archive from "./sqlite/archive.ts";
import * as deletions from "./sqlite/deletions.ts";
import * as imports from "./sqlite/imports.ts";
import * as delivery from "./sqlite/delivery.ts";
import * as federation from "./sqlite/federation.ts";
import * as follows from "./sqlite/follows.ts";
import * as relations from "./sqlite/relations.ts";
import * as moderation from "./sqlite/moderation.ts";
import * as reports from "./sqlite/reports.ts";
import * as graph from "./sqlite/graph.ts";
import { GroupCommit } from "./sqlite/group-commit.ts";
import * as media from "./sqlite/media.ts";
import * as notifications from "./sqlite/notifications.ts";
import * as posts from "./sqlite/posts.ts";
import * as postEdits from "./sqlite/post-edits.ts";
import * as remote from "./sqlite/remote-accounts.ts";
import * as remotePosts from "./sqlite/remote-posts.ts";
import * as search from "./sqlite/search.ts";
import { sqliteSessions } from "./sqlite/sessions.ts";
import { Statements } from "./sqlite/statements.ts";
import * as sync from "./sqlite/sync.ts";
import * as timelines from "./sqlite/timelines.ts";
import { DATABASE_FILE, openDatabase, schemaVersion } from "./sqlite.ts";
import type { Store } from "./store.ts";

/**
 * The database files this process has open. SQLite has one writer, and group commit and the
 * session cache count on it being this store: a second store on the same file in the same process
 * (e.g. from the copy of this module Astro's build bundles) is refused. Kept on `globalThis` under
 * a registered symbol so every copy of the module sees the same set.
 */
const OPEN_FILES = Symbol.for("p92.sqlite.openFiles");
const openFiles = ((globalThis as { [OPEN_FILES]?: Set<string> })[OPEN_FILES] ??= new Set());

/**
 * The Store of a data directory on SQLite: its database (created or migrated) and its media
 * folder. Each operation is one function of ./sqlite/, run here either as a read (at once, on the
 * one connection) or as a write (in the next group commit, resolved once it is durable).
 */
export function openSqliteStore(dataDir: string, sessionIdleSeconds = DEFAULT_SESSION_IDLE_SECONDS): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  // The real path: the same database reached through a symlink is still the same database.
  const file = path.join(fs.realpathSync(dataDir), DATABASE_FILE);
  if (openFiles.has(file)) {
    throw new Error(`${file} is already open in this process; a database has one writer`);
  }
  const { db } = openDatabase(dataDir);
  openFiles.add(file);
  let closed = false;
  const s = new Statements(db);
  const writes = new GroupCommit(db);
  const mediaFolder = mediaDir(dataDir);

  const read =
    <A extends unknown[], R>(query: (s: Statements, ...args: A) => R) =>
    async (...args: A) =>
      query(s, ...args);
  const watchers = new Set<() => void>();
  const committed = <R>(value: R): R => {
    for (const watcher of watchers) watcher();
    return value;
  };
  const write =
    <A extends unknown[], R>(change: (s: Statements, ...args: A) => R) =>
    async (...args: A) =>
      committed(await writes.run(() => change(s, ...args)));
  /**
   * A write that may release media: the files nothing uses any more are removed once it has
   * committed (a crash in between leaves files the start-up sweep removes).
   */
  const writeReleasing =
    <A extends unknown[], R>(change: (s: Statements, ...args: [...A, string[]]) => R) =>
    async (...args: A) => {
      const freed: string[] = [];
      const value = await writes.run(() => change(s, ...args, freed));
      if (freed.length > 0) await removeMediaFiles(mediaFolder, freed);
      return committed(value);
    };

  return {
    createAccount: write(accounts.createAccount),
    findCredentials: read(accounts.findCredentials),
    ...sqliteSessions(s, writes, sessionIdleSeconds),
    accountById: read(accounts.accountById),
    accountByHandle: read(accounts.accountByHandle),
    followingHandles: read(accounts.followingHandles),

    postById: read(posts.readablePost),
    postIdByObjectUri: read(remotePosts.postIdByObjectUri),
    objectUriOfPost: read(remotePosts.objectUriOfPost),
    postAuthorId: read((s, postId: string) => posts.postAuthor(s, postId)?.authorId ?? null),
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
    firstSyncWindow: read(sync.firstSyncWindow),

    insertMedia: write(media.insertMedia),
    mediaById: read(media.mediaById),
    mediaBytesUsed: read(media.mediaBytesUsed),
    removeUnattachedMedia: writeReleasing(media.removeUnattachedMedia),
    knownMediaIds: read(media.knownMediaIds),

    saveProof: write(graph.saveProof),
    pendingProof: read(graph.pendingProof),
    instagramOwner: read(graph.instagramOwner),
    proveInstagram: write(graph.prove),
    replaceInstagramList: write(graph.replaceList),
    instagramListSummary: read(graph.listSummary),
    instagramListPage: read(archive.instagramListPage),
    interactionPage: read(archive.interactionPage),
    setAutoFollow: write(graph.setAutoFollow),
    instagramMatches: read(graph.matches),
    followInstagramMatches: write(graph.followMatches),
    notifications: read(notifications.notifications),
    unreadNotifications: read(notifications.unreadCount),
    markNotificationsRead: write(notifications.markRead),

    actorKeys: read(federation.actorKeys),
    saveActorKeys: write(federation.saveActorKeys),
    followPage: read(federation.followPage),
    instanceUsage: read(federation.instanceUsage),
    accountByActorUri: read(remote.accountByActorUri),
    saveRemoteAccount: write(remote.saveRemoteAccount),
    deleteRemoteAccount: writeReleasing(remote.deleteRemoteAccount),
    claimOutboxRead: write(remote.claimOutboxRead),
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

    health: read((s) => ({ schemaVersion: schemaVersion(s.db) })),
    close() {
      if (closed) return;
      closed = true;
      openFiles.delete(file);
      db.close();
    },
  };
}
