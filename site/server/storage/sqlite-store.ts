import type { DatabaseSync } from "node:sqlite";
import type { ProfileUpdate } from "../../../shared/sync.ts";
import * as accounts from "./sqlite/accounts.ts";
import { GroupCommit } from "./sqlite/group-commit.ts";
import * as media from "./sqlite/media.ts";
import * as posts from "./sqlite/posts.ts";
import { Statements } from "./sqlite/statements.ts";
import * as sync from "./sqlite/sync.ts";
import type { MediaRecord, NewAccountRecord, NewPostRecord, PageRequest, Store, StoreOp } from "./store.ts";

/**
 * The Store on one SQLite connection. Reads run directly; writes go through group commit, so
 * concurrent requests share one durable commit and each is acknowledged only after it.
 */
export class SqliteStore implements Store {
  readonly #s: Statements;
  readonly #writes: GroupCommit;

  constructor(db: DatabaseSync) {
    this.#s = new Statements(db);
    this.#writes = new GroupCommit(db);
  }

  createAccount(input: NewAccountRecord) {
    return this.#writes.run(() => accounts.createAccount(this.#s, input));
  }
  findCredentials(handle: string) {
    return accounts.findCredentials(this.#s, handle);
  }
  createSession(accountId: number, tokenHash: Buffer) {
    return this.#writes.run(() => accounts.createSession(this.#s, accountId, tokenHash));
  }
  findSessionAccount(tokenHash: Buffer) {
    return accounts.findSessionAccount(this.#s, tokenHash);
  }
  deleteSession(tokenHash: Buffer) {
    return this.#writes.run(() => accounts.deleteSession(this.#s, tokenHash));
  }
  accountById(id: number) {
    return accounts.accountById(this.#s, id);
  }
  accountByHandle(handle: string) {
    return accounts.accountByHandle(this.#s, handle);
  }
  followingHandles(accountId: number, limit: number) {
    return accounts.followingHandles(this.#s, accountId, limit);
  }
  updateProfile(accountId: number, update: ProfileUpdate) {
    return this.#writes.run(() => accounts.updateProfile(this.#s, accountId, update));
  }

  createPost(authorId: number, post: NewPostRecord) {
    return this.#writes.run(() => posts.createPost(this.#s, authorId, post));
  }
  deletePost(accountId: number, postId: string) {
    return this.#writes.run(() => posts.deletePost(this.#s, accountId, postId));
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
  postById(id: string) {
    return posts.postById(this.#s, id);
  }
  viewerState(accountId: number, postIds: string[]) {
    return posts.viewerState(this.#s, accountId, postIds);
  }

  followingTimeline(accountId: number, page: PageRequest) {
    return posts.followingTimeline(this.#s, accountId, page);
  }
  everyoneTimeline(page: PageRequest) {
    return posts.everyoneTimeline(this.#s, page);
  }
  profilePosts(authorId: number, page: PageRequest) {
    return posts.profilePosts(this.#s, authorId, page);
  }
  replies(postId: string, page: PageRequest) {
    return posts.replies(this.#s, postId, page);
  }

  applyOp(accountId: number, opId: string, op: StoreOp) {
    return this.#writes.run(() => sync.applyOp(this.#s, accountId, opId, op));
  }
  changesSince(accountId: number, after: number, known: string[], limit: number) {
    return sync.changesSince(this.#s, accountId, after, known, limit);
  }
  latestChangeSeq() {
    return sync.latestChangeSeq(this.#s);
  }

  insertMedia(record: MediaRecord) {
    return this.#writes.run(() => media.insertMedia(this.#s, record));
  }
  mediaById(id: string) {
    return media.mediaById(this.#s, id);
  }
  close() {
    this.#s.db.close();
  }
}
