import { Queries, type Pool } from "./db.ts";
import { isRetryable, transaction } from "./transactions.ts";

const MAX_BATCH = 50;
const ITEM_ATTEMPTS = 3;

interface Pending {
  work: (q: Queries) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit on PostgreSQL, as sqlite/group-commit.ts does on SQLite: the writes of the change
 * log that arrive while a batch commits are run together in the next transaction, in the order
 * they were asked for, each in a savepoint of its own (one failing write does not undo the
 * others), and committed at once. Every promise settles only after COMMIT returned.
 *
 * Why batches: the log's lock (postgres/transactions.ts) is held until COMMIT, whose WAL flush is
 * most of a write's time. One transaction per write would make every process wait for every
 * other's flush; one per batch shares a flush among all the writes that queued meanwhile, so more
 * processes (and more clients) mean bigger batches rather than longer waits.
 */
export class PostgresGroupCommit {
  readonly #pool: Pool;
  readonly #afterWork: (q: Queries) => Promise<void>;
  #queue: Pending[] = [];
  #running = false;

  /** `afterWork`: run in each batch's transaction after its writes (e.g. a NOTIFY). */
  constructor(pool: Pool, afterWork: (q: Queries) => Promise<void>) {
    this.#pool = pool;
    this.#afterWork = afterWork;
  }

  run<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#running) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#running = true;
    while (this.#queue.length > 0) {
      // At most MAX_BATCH writes a transaction: past 64 savepoints PostgreSQL's subtransaction
      // cache overflows, and every other connection's snapshots slow down.
      const batch = this.#queue.splice(0, MAX_BATCH);
      let outcomes: { ok: boolean; value: unknown }[];
      try {
        outcomes = await transaction(this.#pool, { logged: true }, async (q) => {
          const done: { ok: boolean; value: unknown }[] = [];
          for (const item of batch) {
            for (let attempt = 1; ; attempt++) {
              try {
                // A statement that fails aborts only its savepoint: the batch goes on.
                const value = await q.savepoint(item.work);
                done.push({ ok: true, value });
                break;
              } catch (error) {
                // A deadlock with a write outside the batch (a row both need): this write alone runs again.
                if (attempt < ITEM_ATTEMPTS && isRetryable(error)) continue;
                done.push({ ok: false, value: error });
                break;
              }
            }
          }
          await this.#afterWork(q);
          return done;
        });
      } catch (error) {
        // The transaction itself failed (the connection, the COMMIT): nothing of it is stored.
        for (const item of batch) item.reject(error);
        continue;
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.value);
      });
    }
    this.#running = false;
  }
}
