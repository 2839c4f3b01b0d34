import type {
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import { randomUUID } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { FederationQueue } from "../federation.ts";
import { queuedRows } from "../rows/queue.ts";

/** How often an idle listener looks for messages another connection may have added. */
const POLL_MS = 1_000;

/** Listeners waiting on each database file, woken at once by an enqueue in this process. */
const waiting = new Map<string, Set<() => void>>();

interface PendingEnqueue {
  rows: string[];
  orderingKey: string | null;
  runAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Claimed {
  id: number;
  message: string;
}

/**
 * Fedify's durable message queue on a SQLite table (`queue` of federation.sqlite).
 *
 * A message stays in the table until its handler has finished, so a crash mid-delivery delivers it
 * again after restart (receivers are idempotent by activity id). A listener claims a message by
 * writing its token on it; `releaseClaims()` at start-up hands back what a dead process held.
 * Messages with the same ordering key run one at a time, oldest first. Fedify retries failed
 * deliveries itself (`nativeRetrial` is false): it enqueues the retry with a delay.
 *
 * Only an enqueue must reach the disk before it returns (`db` fsyncs each commit). Claims and
 * removals may go through `bookkeeping`, a connection to the same file that does not: the WAL
 * keeps them across a crash of the process, and a power cut that loses one only hands a message
 * back or runs it again, which the next enqueue's fsync would have saved anyway.
 */
export class SqliteMessageQueue implements FederationQueue {
  readonly nativeRetrial = false;
  readonly #db: DatabaseSync;
  readonly #file: string;
  readonly #workers: number;
  readonly #insert: StatementSync;
  readonly #claim: StatementSync;
  readonly #remove: StatementSync;
  readonly #nextRunAt: StatementSync;
  readonly #depth: StatementSync;
  #closed = false;
  #pending: PendingEnqueue[] = [];

  /** `workers`: how many messages one listener handles at once. */
  constructor(
    db: DatabaseSync,
    file: string,
    options: { workers?: number; bookkeeping?: DatabaseSync } = {},
  ) {
    const bookkeeping = options.bookkeeping ?? db;
    this.#db = db;
    this.#file = file;
    this.#workers = options.workers ?? 8;
    this.#insert = db.prepare("INSERT INTO queue (message, ordering_key, run_at) VALUES (?, ?, ?)");
    // The oldest ready message whose ordering key has no older message still waiting or running.
    this.#claim = bookkeeping.prepare(`
      UPDATE queue SET claimed_by = ?1 WHERE id = (
        SELECT q.id FROM queue q
        WHERE q.claimed_by IS NULL AND q.run_at <= ?2
          AND (q.ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM queue o WHERE o.ordering_key = q.ordering_key AND o.id < q.id))
        ORDER BY q.run_at, q.id LIMIT 1)
      RETURNING id, message`);
    this.#remove = bookkeeping.prepare("DELETE FROM queue WHERE id = ?");
    this.#nextRunAt = db.prepare("SELECT min(run_at) AS at FROM queue WHERE claimed_by IS NULL");
    this.#depth = db.prepare(
      "SELECT count(*) AS queued, coalesce(sum(run_at <= ?), 0) AS ready FROM queue WHERE claimed_by IS NULL",
    );
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  /**
   * Resolves once the messages are on disk. Enqueues made while the event loop turns (an inbox
   * answering many senders at once, a fan-out) are written in one transaction: one fsync for all.
   */
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const { rows, runAt } = queuedRows(messages, options);
    await new Promise<void>((resolve, reject) => {
      this.#pending.push({ rows, orderingKey: options?.orderingKey ?? null, runAt, resolve, reject });
      // A closed queue's connection is about to close too: written at once.
      if (this.#closed) this.#write();
      else if (this.#pending.length === 1) setImmediate(() => this.#write());
    });
  }

  /** Writes every pending enqueue in one transaction, then settles each and wakes the listeners. */
  #write(): void {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        for (const { rows, orderingKey, runAt } of batch) {
          for (const row of rows) this.#insert.run(row, orderingKey, runAt);
        }
        this.#db.exec("COMMIT");
      } catch (error) {
        // A failed COMMIT may have rolled back already (a full disk): the first error is the one.
        if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
        throw error;
      }
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    for (const { resolve } of batch) resolve();
    for (const wake of waiting.get(this.#file) ?? []) wake();
  }

  async listen(
    handler: (message: unknown) => Promise<void> | void,
    options?: MessageQueueListenOptions,
  ): Promise<void> {
    const signal = options?.signal;
    const token = randomUUID();
    const running = new Set<Promise<void>>();
    let wake: () => void = () => {};
    const wakeUp = () => wake();
    const listeners = waiting.get(this.#file) ?? new Set();
    waiting.set(this.#file, listeners);
    listeners.add(wakeUp);
    signal?.addEventListener("abort", wakeUp);
    try {
      while (!signal?.aborted && !this.#closed) {
        const claimed = running.size < this.#workers ? this.#claimNext(token) : undefined;
        if (claimed !== undefined) {
          const run = this.#handle(handler, claimed).finally(() => {
            running.delete(run);
            wakeUp();
          });
          running.add(run);
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#idleMs());
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      await Promise.all(running);
    } finally {
      listeners.delete(wakeUp);
      signal?.removeEventListener("abort", wakeUp);
    }
  }

  async getDepth(): Promise<MessageQueueDepth> {
    const row = this.#depth.get(Date.now()) as { queued: number; ready: number };
    return { queued: row.queued, ready: row.ready, delayed: row.queued - row.ready };
  }

  /**
   * Messages not handled to the end: waiting, delayed (a retry) or running. Unlike `getDepth()`
   * (Fedify's meaning: what waits), zero means every task so far is done.
   */
  async unfinished(): Promise<number> {
    return (this.#db.prepare("SELECT count(*) AS n FROM queue").get() as { n: number }).n;
  }

  /** Hands back every claimed message: at start-up, what a process that died was handling. */
  async releaseClaims(): Promise<number> {
    return Number(
      this.#db.prepare("UPDATE queue SET claimed_by = NULL WHERE claimed_by IS NOT NULL").run().changes,
    );
  }

  /** Stops this queue's listeners after their running messages. */
  close(): void {
    this.#closed = true;
    if (this.#pending.length > 0) this.#write();
    for (const wake of waiting.get(this.#file) ?? []) wake();
  }

  #claimNext(token: string): Claimed | undefined {
    if (this.#closed) return undefined;
    return this.#claim.get(token, Date.now()) as Claimed | undefined;
  }

  /**
   * Until the next delayed message is due, at most one poll interval. A message already due that
   * could not be claimed waits for a worker or its ordering key: a finishing run wakes the loop.
   */
  #idleMs(): number {
    const { at } = this.#nextRunAt.get() as { at: number | null };
    const now = Date.now();
    return at === null || at <= now ? POLL_MS : Math.min(POLL_MS, at - now);
  }

  async #handle(handler: (message: unknown) => Promise<void> | void, claimed: Claimed): Promise<void> {
    try {
      await handler(JSON.parse(claimed.message));
    } catch (error) {
      // Fedify's own handlers catch and retry; an error here is a bug, logged, not a reason to stop.
      console.error("p92: a queued federation task failed:", error);
    } finally {
      if (!this.#closed) this.#remove.run(claimed.id);
    }
  }
}
