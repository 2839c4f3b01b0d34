import { errorCode, Queries, type Pool } from "./db.ts";

/**
 * The change log's lock (`pg_advisory_xact_lock`). Every transaction that may append to the change
 * log takes it first and holds it until it commits, whichever process runs it, so the log's
 * sequence numbers are assigned in commit order: when a reader sees change n, every change before
 * n has committed (or rolled back, leaving a gap that hides nothing). Without it, two writers could
 * take n and n+1 and commit n+1 first; a reader passing n+1 would skip n forever.
 *
 * Taken at the start of the transaction rather than at its first append, so a writer never waits
 * for it while holding a row another writer (holding the lock) needs: no deadlock. The cost is that
 * writes of the log are one at a time across processes, like SQLite's one writer; requests still
 * run in parallel everywhere else (parsing, hashing, reads).
 */
const CHANGE_LOG_LOCK = 92_0001;

/** Takes the change log's lock for the rest of the transaction, unless it holds it already. */
export async function holdChangeLog(q: Queries): Promise<void> {
  if (q.holdsChangeLog) return;
  await q.run("SELECT pg_advisory_xact_lock(?::bigint)", CHANGE_LOG_LOCK);
  q.holdsChangeLog = true;
}

/** Serialization failures and deadlocks: the transaction changed nothing and may simply run again. */
const RETRIED_CODES = new Set(["40001", "40P01"]);
const ATTEMPTS = 5;

/** A serialization failure or a deadlock: nothing of the work stayed, it may run again. */
export const isRetryable = (error: unknown) => RETRIED_CODES.has(errorCode(error) ?? "");

/**
 * Runs `work` in one transaction: its changes commit together or not at all, and the promise
 * resolves only after COMMIT returned (with `synchronous_commit` on, the server's default, after
 * the commit is durable). `logged`: the work may append to the change log (see CHANGE_LOG_LOCK).
 */
export async function transaction<R>(
  pool: Pool,
  options: { logged: boolean },
  work: (q: Queries) => Promise<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await pool.begin(async (tx) => {
        const q = new Queries(tx);
        if (options.logged) await holdChangeLog(q);
        return work(q);
      })) as R;
    } catch (error) {
      if (attempt < ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}

/**
 * Runs `work` as reads of one snapshot (REPEATABLE READ, read only): nothing that commits meanwhile
 * is seen, as SQLite's reads on its one connection.
 */
export async function snapshot<R>(pool: Pool, work: (q: Queries) => Promise<R>): Promise<R> {
  return (await pool.begin("ISOLATION LEVEL REPEATABLE READ READ ONLY", (tx) => work(new Queries(tx)))) as R;
}
