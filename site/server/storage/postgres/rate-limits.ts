import type { RateLimits } from "../../config.ts";
import { bucketId, spend, type Bucket, type BucketName, type Limiter } from "../../http/rate-limit.ts";
import { openPool, Queries } from "./db.ts";
import { transaction } from "./transactions.ts";

/** Full buckets are swept at most this often (they hold no information). */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Rate limits shared by every process on one PostgreSQL database (the unlogged `rate_buckets`
 * table), so N processes allow what one would, not N times as much. Each attempt is one short
 * transaction: the buckets are created if missing, locked, refilled and spent with the same
 * arithmetic as the in-memory limiter (http/rate-limit.ts). Its own small pool: a burst of
 * refused attempts never queues behind the Store's queries.
 */
export class PostgresRateLimiter implements Limiter {
  readonly #limits: RateLimits;
  readonly #pool;
  readonly #now: () => number;
  #sweptAt = 0;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(url: string, limits: RateLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#pool = openPool(url, { max: 3 });
    this.#now = now;
  }

  /**
   * One attempt after the other, in the order asked: what waits on a limit (an operation) then
   * reaches the Store in the order it arrived, as with the in-memory limiter. Attempts touching the
   * same buckets (one address, one account) would wait on each other's row locks anyway.
   */
  tryTakeAll(names: BucketName[], cost = 1): Promise<number> {
    const attempt = this.#tail.then(() => this.#take(names, cost));
    this.#tail = attempt.catch(() => {});
    return attempt;
  }

  #take(names: BucketName[], cost: number): Promise<number> {
    // Sorted, so two attempts locking the same buckets take them in one order: no deadlock.
    const sorted = [...names].sort((a, b) => (bucketId(a) < bucketId(b) ? -1 : 1));
    const ids = sorted.map(bucketId);
    return transaction(this.#pool, { logged: false }, async (q) => {
      await q.run(
        "INSERT INTO rate_buckets (id, tokens, updated) SELECT unnest(?::text[]), 'Infinity', ?::bigint ON CONFLICT DO NOTHING",
        ids,
        this.#now(),
      );
      const rows = await q.all<{ id: string; tokens: number; updated: number }>(
        "SELECT id, tokens, updated FROM rate_buckets WHERE id = ANY(?::text[]) ORDER BY id FOR UPDATE",
        ids,
      );
      // The time once the buckets are this attempt's alone: read before the lock, it could be
      // earlier than what the attempt that held them wrote.
      const now = this.#now();
      const byId = new Map(rows.map((row) => [row.id, row]));
      // A bucket just created (Infinity tokens) is a full one.
      const found = ids.map((id): Bucket | undefined => {
        const row = byId.get(id);
        return row && Number.isFinite(row.tokens) ? row : undefined;
      });
      const { wait, buckets } = spend(this.#limits, sorted, found, now, cost);
      await q.run(
        `UPDATE rate_buckets b SET tokens = v.tokens, updated = v.updated
         FROM unnest(?::text[], ?::float8[], ?::int8[]) AS v(id, tokens, updated) WHERE b.id = v.id`,
        ids,
        buckets.map((b) => b.tokens),
        buckets.map((b) => b.updated),
      );
      if (now - this.#sweptAt > SWEEP_EVERY_MS) {
        this.#sweptAt = now;
        await this.#sweep(q, now);
      }
      return wait;
    });
  }

  close(): void {
    void this.#pool.end({ timeout: 5 });
  }

  /** Removes the buckets that have refilled completely, limit by limit. */
  async #sweep(q: Queries, now: number): Promise<void> {
    for (const [limit, { count, seconds }] of Object.entries(this.#limits) as [
      keyof RateLimits,
      RateLimits[keyof RateLimits],
    ][]) {
      // Full when tokens + elapsed × rate ≥ count (http/rate-limit.ts's isFull, in SQL).
      await q.run(
        `DELETE FROM rate_buckets WHERE id LIKE ? AND tokens + (? - updated) * ?::float8 >= ?`,
        `${limit} %`,
        now,
        count / (seconds * 1000),
        count,
      );
    }
  }
}
