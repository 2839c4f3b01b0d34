import { randomInt } from "node:crypto";
import postgres from "postgres";
import type { Pool } from "./db.ts";

/**
 * The first key of every queue's advisory lock `(QUEUE_LOCK, key)`. pg_locks shows a lock on two
 * int4 keys as classid = the first, objid = the second (an unsigned oid), objsubid = 2.
 */
export const QUEUE_LOCK = 92_003;

const HOLDS = `
  SELECT CASE WHEN EXISTS (
    SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
      AND classid = $1::int AND objid = $2::int AND objsubid = 2 AND granted)
  THEN true ELSE pg_try_advisory_lock($1::int, $2::int) END AS held`;

/**
 * A queue instance's identity shared with every process: a random key whose advisory lock it
 * holds while it lives, on a connection of its own. A process killed with -9 loses its connections,
 * hence its lock; a claim marked with a key nobody holds belongs to a queue that died.
 *
 * Not a connection reserved from the pool: postgres.js (3.4) keeps sending a reserved handle's
 * queries to its connection after the server dropped it, which then crashes the process or lands
 * on a connection the pool reopened for others. A pool of one connection reconnects by itself,
 * tells when it closed, and is kept open for as long as it lives (no idle timeout, no lifetime).
 */
export class QueueLock {
  readonly key: number;
  readonly #sql: postgres.Sql;
  #ended = false;

  private constructor(sql: postgres.Sql, key: number) {
    this.#sql = sql;
    this.key = key;
  }

  /** Takes the lock of a key no other live queue holds (positive, so objid equals it). */
  static async take(pool: Pool): Promise<QueueLock> {
    let lock: QueueLock | null = null;
    // The pool's own parsed settings (postgres.js's LISTEN connection is made the same way),
    // with no idle timeout and no lifetime (0: none).
    const settings = {
      ...pool.options,
      max: 1,
      idle_timeout: 0,
      max_lifetime: 0,
      fetch_types: false,
      // The connection dropped (a restart of PostgreSQL, the network), and the lock with it: taken
      // again at once. Meanwhile other processes may hand back this queue's claims: a message
      // may run twice, as after a crash (receivers are idempotent by activity id).
      onclose: () => void lock?.keep(),
    };
    const sql = postgres(settings as unknown as postgres.Options<Record<string, postgres.PostgresType>>);
    try {
      for (;;) {
        const key = randomInt(1, 2 ** 31);
        const [row] = await sql.unsafe<{ ok: boolean }[]>("SELECT pg_try_advisory_lock($1, $2) AS ok", [
          QUEUE_LOCK,
          key,
        ]);
        if (row!.ok) return (lock = new QueueLock(sql, key));
      }
    } catch (error) {
      await sql.end({ timeout: 0 });
      throw error;
    }
  }

  /** Makes sure the lock is held, taking it again on a new connection if need be. */
  async keep(): Promise<boolean> {
    if (this.#ended) return false;
    try {
      const [row] = await this.#sql.unsafe<{ held: boolean }[]>(HOLDS, [QUEUE_LOCK, this.key]);
      if (!row!.held) console.error(`p92: another process holds the federation queue's key ${this.key}`);
      return row!.held;
    } catch {
      return false; // the database is away: the next periodic check tries again
    }
  }

  /**
   * Whether this process holds the advisory lock `(classId, objectId)` on the same connection,
   * taking it when it is free: how one process at a time gets a task (federation's delivery). It
   * goes with the connection, so when this process dies another takes it at its next try.
   */
  async hold(classId: number, objectId: number): Promise<boolean> {
    if (this.#ended) return false;
    try {
      const [row] = await this.#sql.unsafe<{ held: boolean }[]>(HOLDS, [classId, objectId]);
      return row!.held;
    } catch {
      return false; // the database is away: not this process's turn
    }
  }

  /** Lets go of the lock: its connection ends. */
  async end(): Promise<void> {
    this.#ended = true;
    await this.#sql.end({ timeout: 1 });
  }
}
