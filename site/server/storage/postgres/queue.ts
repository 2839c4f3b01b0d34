import type {
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import type { FederationQueue } from "../federation.ts";
import { Queries, type Pool } from "./db.ts";
import { QUEUE_LOCK, QueueLock } from "./queue-lock.ts";
import { queuedRows } from "../rows/queue.ts";

/** The first key of the locks of tasks one process at a time does (the second names the task). */
const TURN_LOCK = 92_004;

/** Enqueues (and finished ordered messages) wake every process's listeners on this channel. */
const CHANNEL = "p92_queue";
/** How often an idle listener looks for messages anyway (a missed notification, a delay due). */
const POLL_MS = 1_000;
/** How often a listening queue hands back the claims of processes that died. */
const RELEASE_EVERY_MS = 30_000;

// The oldest ready message whose ordering key has no older message still waiting or running
// (in any process), locked so that no other process claims it at the same time.
const CLAIM = `
  UPDATE queue SET claimed_by = :me WHERE id = (
    SELECT q.id FROM queue q
    WHERE q.claimed_by IS NULL AND q.run_at <= :now
      AND (q.ordering_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM queue o WHERE o.ordering_key = q.ordering_key AND o.id < q.id))
    ORDER BY q.run_at, q.id LIMIT 1
    FOR UPDATE SKIP LOCKED)
  RETURNING id, message`;

// Claims whose key no session of this database holds: their queue died (or lost its connection).
const RELEASE = `
  UPDATE queue SET claimed_by = NULL
  WHERE claimed_by IS NOT NULL AND claimed_by NOT IN (
    SELECT objid::int FROM pg_locks
    WHERE locktype = 'advisory' AND classid = ${QUEUE_LOCK} AND objsubid = 2 AND granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

// One statement, so one implicit transaction: the notification goes out when the rows commit.
// Ids are taken in the order of the arrays: the order the enqueues were made.
const INSERT = `
  WITH added AS (
    INSERT INTO queue (message, ordering_key, run_at)
    SELECT m, k, r FROM unnest(?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS t(m, k, r, n) ORDER BY n
    RETURNING 1)
  SELECT pg_notify('${CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM added)`;

// A finished message with an ordering key may unblock the next one, perhaps in another process.
const REMOVE = `
  WITH removed AS (DELETE FROM queue WHERE id = ? RETURNING ordering_key)
  SELECT pg_notify('${CHANNEL}', '') FROM removed WHERE ordering_key IS NOT NULL`;

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

export interface PostgresQueueOptions {
  /** How many messages one listener handles at once. */
  workers?: number;
  /** How long `end()` waits for running handlers before abandoning them. */
  closeGraceMs?: number;
}

/**
 * Opens a queue instance: its identity (a key whose lock it holds, queue-lock.ts) and its
 * subscription to the other processes' enqueues.
 */
export async function openPostgresQueue(
  pool: Pool,
  options: PostgresQueueOptions = {},
): Promise<PostgresMessageQueue> {
  const lock = await QueueLock.take(pool);
  try {
    // A queue that died may have used the same key: its claims are not this instance's.
    await new Queries(pool).run("UPDATE queue SET claimed_by = NULL WHERE claimed_by = ?", lock.key);
    return new PostgresMessageQueue(pool, lock, await wakeOnNotify(pool), options);
  } catch (error) {
    await lock.end();
    throw error;
  }
}

/**
 * Fedify's durable message queue on PostgreSQL's `queue` table, shared by every process, with the
 * behaviour of SqliteMessageQueue: a message stays until its handler finished; messages with the
 * same ordering key run one at a time, oldest first, across all processes; Fedify retries itself.
 *
 * A claim carries this instance's key, whose advisory lock it holds while it lives. A process
 * killed with -9 loses its connections, hence its lock, and `releaseClaims()` (any process's, at
 * start and every 30 s while listening) hands its messages back.
 */
export class PostgresMessageQueue implements FederationQueue {
  readonly nativeRetrial = false;
  readonly #q: Queries;
  readonly #lock: QueueLock;
  readonly #workers: number;
  readonly #closeGraceMs: number;
  readonly #wakers: Set<() => void>;
  readonly #unsubscribe: () => Promise<void>;
  /** Every handler running in this instance, of all its listeners. */
  readonly #running = new Set<Promise<void>>();
  #listeners = 0;
  #releasing: ReturnType<typeof setInterval> | null = null;
  #closed = false;
  /** Once the lock is let go, a handler that still finishes leaves its message to others. */
  #unlocked = false;
  #closing: Promise<void> | null = null;
  #pending: PendingEnqueue[] = [];
  /** The last write of enqueues, which the next one waits for. */
  #writing: Promise<void> = Promise.resolve();

  /** Use openPostgresQueue. */
  constructor(
    pool: Pool,
    lock: QueueLock,
    subscription: { wakers: Set<() => void>; unsubscribe: () => Promise<void> },
    options: PostgresQueueOptions,
  ) {
    this.#q = new Queries(pool);
    this.#lock = lock;
    this.#wakers = subscription.wakers;
    this.#unsubscribe = subscription.unsubscribe;
    this.#workers = options.workers ?? 8;
    this.#closeGraceMs = options.closeGraceMs ?? 5_000;
  }

  /** Whether this process may run a task one process at a time does (see QueueLock.hold). */
  holdsTurn(task: number): Promise<boolean> {
    return this.#lock.hold(TURN_LOCK, task);
  }

  /** The key this instance marks its claims with. */
  get key(): number {
    return this.#lock.key;
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  /**
   * Resolves once the messages are committed (durable with `synchronous_commit` on, the server's
   * default). Enqueues made while the event loop turns (a fan-out) are written together.
   */
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const { rows, runAt } = queuedRows(messages, options);
    if (rows.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      this.#pending.push({ rows, orderingKey: options?.orderingKey ?? null, runAt, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => void this.#write());
    });
  }

  /**
   * Writes every pending enqueue in one statement, after the previous write: messages get their
   * ids (their order, for ordering keys) in the order they were enqueued in this process.
   */
  async #write(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    const written = this.#writing.then(async () => {
      const rows = batch.flatMap((e) => e.rows.map((row) => ({ row, key: e.orderingKey, at: e.runAt })));
      await this.#q.run(
        INSERT,
        rows.map((r) => r.row),
        // A null element is a NULL ordering key (postgres.js writes it as such in the array).
        rows.map((r) => r.key) as string[],
        rows.map((r) => r.at),
      );
    });
    this.#writing = written.catch(() => {});
    try {
      await written;
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    for (const { resolve } of batch) resolve();
    this.#wakeAll();
  }

  async listen(
    handler: (message: unknown) => Promise<void> | void,
    options?: MessageQueueListenOptions,
  ): Promise<void> {
    const signal = options?.signal;
    const running = new Set<Promise<void>>();
    // A wake-up while the loop is busy is remembered, so the loop looks again instead of sleeping.
    let woken = false;
    let interrupt: (() => void) | null = null;
    const wakeUp = () => {
      woken = true;
      interrupt?.();
    };
    this.#wakers.add(wakeUp);
    signal?.addEventListener("abort", wakeUp);
    this.#listenerStarted();
    let failing = false;
    try {
      while (!signal?.aborted && !this.#closed) {
        woken = false;
        let wait: number;
        try {
          const claimed = running.size < this.#workers ? await this.#claimNext() : undefined;
          if (claimed !== undefined) {
            const run = this.#handle(handler, claimed).finally(() => {
              running.delete(run);
              this.#running.delete(run);
              wakeUp();
            });
            running.add(run);
            this.#running.add(run);
            continue;
          }
          wait = await this.#idleMs();
          failing = false;
        } catch (error) {
          // The database is away (a restart, the network): try again, and say so once.
          if (!failing) console.error("p92: the federation queue cannot reach the database:", error);
          failing = true;
          wait = POLL_MS;
        }
        if (woken || signal?.aborted || this.#closed) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          interrupt = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        interrupt = null;
      }
      await Promise.all(running);
    } finally {
      this.#wakers.delete(wakeUp);
      signal?.removeEventListener("abort", wakeUp);
      this.#listenerStopped();
    }
  }

  async getDepth(): Promise<MessageQueueDepth> {
    const row = (await this.#q.get<{ queued: number; ready: number }>(
      "SELECT count(*) AS queued, count(*) FILTER (WHERE run_at <= ?) AS ready FROM queue WHERE claimed_by IS NULL",
      Date.now(),
    ))!;
    return { queued: row.queued, ready: row.ready, delayed: row.queued - row.ready };
  }

  /** Messages not handled to the end, in every process: waiting, delayed (a retry) or running. */
  async unfinished(): Promise<number> {
    return (await this.#q.get<{ n: number }>("SELECT count(*) AS n FROM queue"))!.n;
  }

  /** Hands back the messages claimed by queues that no longer live (in any process). */
  async releaseClaims(): Promise<number> {
    return (await this.#q.run(RELEASE)).changes;
  }

  /** Stops this queue's listeners after their running messages; see end(). */
  close(): void {
    void this.end();
  }

  /**
   * Stops this instance's listeners, waits for their running handlers (at most `closeGraceMs`;
   * then they are abandoned: their messages run again elsewhere), and lets go of the lock. The
   * pool stays open: its owner ends it.
   */
  end(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closed = true;
    this.#wakeAll();
    // Enqueues still pending are written now, while the pool is open.
    const written = this.#write();
    this.#closing = (async () => {
      await written;
      await this.#writing;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(this.#running),
        new Promise((resolve) => (timer = setTimeout(resolve, this.#closeGraceMs))),
      ]);
      clearTimeout(timer);
      this.#unlocked = true;
      this.#stopReleasing();
      await this.#unsubscribe().catch(() => {});
      await this.#lock.end().catch(() => {});
    })();
    return this.#closing;
  }

  async #claimNext(): Promise<Claimed | undefined> {
    if (this.#closed) return undefined;
    const [claimed] = await this.#q.allNamed<Claimed>(CLAIM, { me: this.#lock.key, now: Date.now() });
    return claimed;
  }

  /**
   * Until the next delayed message is due, at most one poll interval. A message already due that
   * could not be claimed waits for a worker or its ordering key: a finishing run, or another
   * process's notification, wakes the loop.
   */
  async #idleMs(): Promise<number> {
    const row = await this.#q.get<{ at: number | null }>(
      "SELECT min(run_at) AS at FROM queue WHERE claimed_by IS NULL",
    );
    const now = Date.now();
    const at = row?.at ?? null;
    return at === null || at <= now ? POLL_MS : Math.min(POLL_MS, at - now);
  }

  async #handle(handler: (message: unknown) => Promise<void> | void, claimed: Claimed): Promise<void> {
    try {
      await handler(JSON.parse(claimed.message));
    } catch (error) {
      // Fedify's own handlers catch and retry; an error here is a bug, logged, not a reason to stop.
      console.error("p92: a queued federation task failed:", error);
    }
    if (this.#unlocked) return;
    // A removal that fails leaves the message claimed by this instance: it runs again after this
    // process stops (or loses its lock), as after a crash.
    await this.#q.run(REMOVE, claimed.id).catch((error: unknown) => {
      console.error("p92: a finished federation task could not be removed from the queue:", error);
    });
  }

  #wakeAll(): void {
    for (const wake of this.#wakers) wake();
  }

  #listenerStarted(): void {
    this.#listeners++;
    this.#releasing ??= setInterval(() => void this.#releaseDead(), RELEASE_EVERY_MS);
    this.#releasing.unref();
  }

  #listenerStopped(): void {
    if (--this.#listeners === 0) this.#stopReleasing();
  }

  #stopReleasing(): void {
    if (this.#releasing !== null) clearInterval(this.#releasing);
    this.#releasing = null;
  }

  /** The periodic hand-back: first makes sure this instance still holds its own lock. */
  async #releaseDead(): Promise<void> {
    try {
      await this.#lock.keep();
      const released = await this.releaseClaims();
      if (released > 0) {
        console.log(`p92: ${released} federation tasks of a process that stopped are queued again`);
        this.#wakeAll();
      }
    } catch (error) {
      console.error("p92: the federation queue could not release stale claims:", error);
    }
  }
}

/** Local listeners, woken by every enqueue of every process (and by this process's at once). */
async function wakeOnNotify(
  pool: Pool,
): Promise<{ wakers: Set<() => void>; unsubscribe: () => Promise<void> }> {
  const wakers = new Set<() => void>();
  const subscription = await pool.listen(CHANNEL, () => {
    for (const wake of wakers) wake();
  });
  return { wakers, unsubscribe: () => subscription.unlisten() };
}
