import type { DatabaseSync } from "node:sqlite";
import { DEFAULT_SESSION_IDLE_SECONDS } from "../config.ts";
import { mediaDir, removeMediaFiles } from "../media/files.ts";
import type { ProfileUpdate } from "../../../shared/sync.ts";
import type { InstagramList, ProofRecord, ProvenProfile } from "./graph-records.ts";
import * as accounts from "./sqlite/accounts.ts";
import * as graph from "./sqlite/graph.ts";
import * as notifications from "./sqlite/notifications.ts";
import { GroupCommit } from "./sqlite/group-commit.ts";
import * as media from "./sqlite/media.ts";
import * as posts from "./sqlite/posts.ts";
import { openDatabase, schemaVersion } from "./sqlite.ts";
import { SessionCache } from "./sqlite/session-cache.ts";
import { Statements } from "./sqlite/statements.ts";
import * as sync from "./sqlite/sync.ts";
import type { MediaRecord, NewAccountRecord, NewPostRecord, PageRequest, Store, StoreOp } from "./store.ts";

export interface SqliteStoreOptions {
  /** A session unused this long is signed out. */
  sessionIdleSeconds: number;
  /** Where media files are, to remove those nothing uses any more. */
  mediaDir: string;
}

/** The store of a data directory: its database (created or migrated) and its media folder. */
export function openSqliteStore(
  dataDir: string,
  sessionIdleSeconds = DEFAULT_SESSION_IDLE_SECONDS,
): SqliteStore {
  return new SqliteStore(openDatabase(dataDir).db, { sessionIdleSeconds, mediaDir: mediaDir(dataDir) });
}

/**
 * The Store on one SQLite connection. Reads run directly; writes go through group commit, so
 * concurrent requests share one durable commit and each is acknowledged only after it.
 */
export class SqliteStore implements Store {
  readonly #s: Statements;
  readonly #writes: GroupCommit;
  /** Every authenticated request looks its session up; this process is the only writer. */
  readonly #sessions = new SessionCache();
  readonly #idleMs: number;
  /** How stale a session's "last used" may get before it is written again. */
  readonly #touchMs: number;
  readonly #mediaDir: string;

  constructor(db: DatabaseSync, options: SqliteStoreOptions) {
    this.#s = new Statements(db);
    this.#writes = new GroupCommit(db);
    this.#idleMs = options.sessionIdleSeconds * 1000;
    this.#touchMs = Math.min(24 * 60 * 60 * 1000, this.#idleMs / 10);
    this.#mediaDir = options.mediaDir;
  }

  /**
   * A write that may release media: the files nothing uses any more are removed once the write
   * has committed (a crash in between leaves files the start-up sweep removes).
   */
  async #writeReleasing<T>(work: (freed: string[]) => T): Promise<T> {
    const freed: string[] = [];
    const value = await this.#writes.run(() => work(freed));
    if (freed.length > 0) await removeMediaFiles(this.#mediaDir, freed);
    return value;
  }

  createAccount(input: NewAccountRecord) {
    return this.#writes.run(() => accounts.createAccount(this.#s, input));
  }
  async findCredentials(handle: string) {
    return accounts.findCredentials(this.#s, handle);
  }
  createSession(accountId: number, tokenHash: Buffer) {
    return this.#writes.run(() => accounts.createSession(this.#s, accountId, tokenHash));
  }
  async findSessionAccount(tokenHash: Buffer) {
    const session = this.#sessions.find(tokenHash, () => {
      const row = accounts.findSession(this.#s, tokenHash);
      return row && { accountId: row.accountId, lastUsed: Date.parse(row.lastUsed) };
    });
    if (!session) return null;
    const at = Date.now();
    if (at - session.lastUsed > this.#idleMs) {
      await this.deleteSession(tokenHash);
      return null;
    }
    if (at - session.lastUsed > this.#touchMs) {
      session.lastUsed = at;
      const when = new Date(at).toISOString();
      this.#writes
        .run(() => accounts.touchSession(this.#s, tokenHash, when))
        .catch((error: unknown) => console.error("p92: could not mark a session used:", error));
    }
    return session.accountId;
  }
  deleteSession(tokenHash: Buffer) {
    return this.#writes.run(() => {
      accounts.deleteSession(this.#s, tokenHash);
      // Forgotten in the same synchronous step as the DELETE, so no request can see it again.
      this.#sessions.forget(tokenHash);
    });
  }
  deleteSessions(accountId: number, keep: Buffer | null) {
    return this.#writes.run(() => {
      accounts.deleteSessions(this.#s, accountId, keep);
      this.#sessions.forgetAccount(accountId, keep);
    });
  }
  changePassword(accountId: number, hash: Buffer, salt: Buffer, keep: Buffer) {
    return this.#writes.run(() => {
      accounts.setPassword(this.#s, accountId, hash, salt);
      accounts.deleteSessions(this.#s, accountId, keep);
      this.#sessions.forgetAccount(accountId, keep);
    });
  }
  deleteIdleSessions() {
    const before = Date.now() - this.#idleMs;
    return this.#writes.run(() => {
      this.#sessions.forgetIdle(before);
      return accounts.deleteIdleSessions(this.#s, new Date(before).toISOString());
    });
  }
  async accountById(id: number) {
    return accounts.accountById(this.#s, id);
  }
  async accountByHandle(handle: string) {
    return accounts.accountByHandle(this.#s, handle);
  }
  async followingHandles(accountId: number, limit: number) {
    return accounts.followingHandles(this.#s, accountId, limit);
  }
  updateProfile(accountId: number, update: ProfileUpdate) {
    return this.#writeReleasing((freed) => accounts.updateProfile(this.#s, accountId, update, freed));
  }

  createPost(authorId: number, post: NewPostRecord) {
    return this.#writes.run(() => posts.createPost(this.#s, authorId, post));
  }
  deletePost(accountId: number, postId: string) {
    return this.#writeReleasing((freed) => posts.deletePost(this.#s, accountId, postId, freed));
  }
  setLike(accountId: number, postId: string, active: boolean) {
    return this.#writes.run(() => posts.setInteraction(this.#s, "like", accountId, postId, active));
  }
  setRepost(accountId: number, postId: string, active: boolean) {
    return this.#writes.run(() => posts.setInteraction(this.#s, "repost", accountId, postId, active));
  }
  setFollow(accountId: number, handle: string, active: boolean) {
    return this.#writes.run(() => accounts.setFollow(this.#s, accountId, handle, active));
  }
  async postById(id: string) {
    return posts.postById(this.#s, id);
  }
  async viewerState(accountId: number, postIds: string[]) {
    return posts.viewerState(this.#s, accountId, postIds);
  }

  async followingTimeline(accountId: number, page: PageRequest) {
    return posts.followingTimeline(this.#s, accountId, page);
  }
  async everyoneTimeline(page: PageRequest) {
    return posts.everyoneTimeline(this.#s, page);
  }
  async profilePosts(authorId: number, page: PageRequest) {
    return posts.profilePosts(this.#s, authorId, page);
  }
  async replies(postId: string, page: PageRequest) {
    return posts.replies(this.#s, postId, page);
  }

  applyOp(accountId: number, opId: string, op: StoreOp) {
    return this.#writeReleasing((freed) => sync.applyOp(this.#s, accountId, opId, op, freed));
  }
  async isOpApplied(accountId: number, opId: string) {
    return sync.isOpApplied(this.#s, accountId, opId);
  }
  async changesSince(accountId: number, after: number, known: string[], limit: number) {
    return sync.changesSince(this.#s, accountId, after, known, limit);
  }
  async firstSyncWindow(accountId: number, limits: { posts: number; follows: number }) {
    // One synchronous run of reads on the one connection: no write can commit in between.
    const cursor = sync.latestChangeSeq(this.#s);
    const account = accounts.accountById(this.#s, accountId);
    if (!account) return null;
    const recent = posts.followingTimeline(this.#s, accountId, { before: null, limit: limits.posts });
    return {
      cursor,
      account,
      followees: accounts.followingHandles(this.#s, accountId, limits.follows),
      posts: recent,
      viewerState: posts.viewerState(
        this.#s,
        accountId,
        recent.map((p) => p.id),
      ),
    };
  }

  insertMedia(record: MediaRecord, quotaBytes: number) {
    return this.#writes.run(() => media.insertMedia(this.#s, record, quotaBytes));
  }
  async mediaById(id: string) {
    return media.mediaById(this.#s, id);
  }
  async mediaBytesUsed(accountId: number) {
    return media.mediaBytesUsed(this.#s, accountId);
  }
  removeUnattachedMedia(before: string) {
    return this.#writeReleasing((freed) => media.removeUnattachedMedia(this.#s, before, freed));
  }
  async knownMediaIds(ids: string[]) {
    return media.knownMediaIds(this.#s, ids);
  }

  saveProof(accountId: number, proof: ProofRecord) {
    return this.#writes.run(() => graph.saveProof(this.#s, accountId, proof));
  }
  async pendingProof(accountId: number) {
    return graph.pendingProof(this.#s, accountId);
  }
  async instagramOwner(instagramHandle: string) {
    return graph.instagramOwner(this.#s, instagramHandle);
  }
  proveInstagram(accountId: number, proof: ProvenProfile, at: string) {
    return this.#writes.run(() => graph.prove(this.#s, accountId, proof, at));
  }
  replaceInstagramList(accountId: number, list: InstagramList, handles: string[]) {
    return this.#writes.run(() => graph.replaceList(this.#s, accountId, list, handles));
  }
  async instagramListSummary(accountId: number) {
    return graph.listSummary(this.#s, accountId);
  }
  setAutoFollow(accountId: number, on: boolean) {
    return this.#writes.run(() => graph.setAutoFollow(this.#s, accountId, on));
  }
  async instagramMatches(accountId: number) {
    return graph.matches(this.#s, accountId);
  }
  followInstagramMatches(accountId: number) {
    return this.#writes.run(() => graph.followMatches(this.#s, accountId));
  }
  async notifications(accountId: number, before: number | null, limit: number) {
    return notifications.notifications(this.#s, accountId, before, limit);
  }
  async unreadNotifications(accountId: number) {
    return notifications.unreadCount(this.#s, accountId);
  }
  markNotificationsRead(accountId: number, upTo: number | null) {
    return this.#writes.run(() => notifications.markRead(this.#s, accountId, upTo));
  }
  async health() {
    return { schemaVersion: schemaVersion(this.#s.db) };
  }
  close() {
    this.#s.db.close();
  }
}
