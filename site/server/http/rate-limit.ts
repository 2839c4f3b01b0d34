import type { RateLimit, RateLimits } from "../config.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

/** One token bucket as kept: tokens left when last spent, and when (ms since the epoch). */
export interface Bucket {
  tokens: number;
  updated: number;
}

/** Which bucket: a limit of the configuration and whom it counts (an account, an address…). */
export type BucketName = [limit: keyof RateLimits, key: string];

/**
 * Rate limits as token buckets, one per (limit, key): `count` attempts at once, refilled at
 * count/seconds. In memory for one process (SQLite: one server process), or shared by every
 * process in PostgreSQL (storage/postgres/rate-limits.ts).
 */
export interface Limiter {
  /**
   * Takes `cost` tokens (one by default) from each bucket and answers 0, or takes none and answers
   * how many seconds until every one of them has them: a refused write costs nothing.
   */
  tryTakeAll(buckets: BucketName[], cost?: number): Promise<number>;
  close(): void;
}

/** Takes one token, or throws a 429 whose Retry-After says when the next one is due. */
export async function take(limiter: Limiter, limit: keyof RateLimits, key: string): Promise<void> {
  const retryAfter = await limiter.tryTakeAll([[limit, key]]);
  if (retryAfter > 0) throw tooMany(retryAfter, `Too many attempts; try again in ${retryAfter} s`);
}

/** Takes one token and answers 0, or answers how many seconds until one is available. */
export function tryTake(limiter: Limiter, limit: keyof RateLimits, key: string): Promise<number> {
  return limiter.tryTakeAll([[limit, key]]);
}

/** A 429 saying when to try again. */
export function tooMany(retryAfter: number, message: string): ApiFailure {
  return new ApiFailure(429, "rate_limited", message, undefined, { "Retry-After": String(retryAfter) });
}

/**
 * The id a bucket is kept under: the limit's name (never a space in it), a space, the key. Not a
 * NUL as separator: PostgreSQL's text cannot hold one.
 */
export const bucketId = ([limit, key]: BucketName) => `${limit} ${key}`;

/**
 * The arithmetic of both limiters: refills the buckets found (a missing one is full) to `now`, and
 * takes `cost` tokens from each when every one has them (a bucket smaller than the cost gives its
 * whole count: what a bucket can never hold is never waited for). Answers the seconds to wait (0:
 * taken) and the buckets as they are now (to keep either way: a refill is not lost).
 */
export function spend(
  limits: RateLimits,
  names: BucketName[],
  found: (Bucket | undefined)[],
  now: number,
  cost = 1,
): { wait: number; buckets: Bucket[] } {
  let wait = 0;
  const costs = names.map(([limit]) => Math.min(cost, limits[limit].count));
  const buckets = names.map(([limit], i) => {
    const { count, seconds }: RateLimit = limits[limit];
    const rate = count / (seconds * 1000);
    const bucket = found[i] ?? { tokens: count, updated: now };
    // A bucket another process spent a moment "later" (clocks, or the order locks were granted)
    // is not refilled backwards: time only ever adds tokens.
    const updated = Math.max(now, bucket.updated);
    const tokens = Math.min(count, bucket.tokens + (updated - bucket.updated) * rate);
    const needed = costs[i]!;
    if (tokens < needed) wait = Math.max(wait, Math.max(1, Math.ceil((needed - tokens) / rate / 1000)));
    return { tokens, updated };
  });
  if (wait === 0) buckets.forEach((bucket, i) => (bucket.tokens -= costs[i]!));
  return { wait, buckets };
}

/** Whether a bucket has refilled completely by `now`: it holds no information and can go. */
export function isFull(limits: RateLimits, limit: keyof RateLimits, bucket: Bucket, now: number): boolean {
  const { count, seconds } = limits[limit];
  return bucket.tokens + ((now - bucket.updated) * count) / (seconds * 1000) >= count;
}

/**
 * Token buckets kept in memory. A restart forgets them, which only ever errs on the side of
 * letting people in.
 */
export class RateLimiter implements Limiter {
  readonly #limits: RateLimits;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(limits: RateLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  async tryTakeAll(names: BucketName[], cost = 1): Promise<number> {
    const now = this.#now();
    if (this.#buckets.size > 100_000) this.#prune(now);
    const ids = names.map(bucketId);
    const { wait, buckets } = spend(
      this.#limits,
      names,
      ids.map((id) => this.#buckets.get(id)),
      now,
      cost,
    );
    ids.forEach((id, i) => this.#buckets.set(id, buckets[i]!));
    return wait;
  }

  close(): void {}

  #prune(now: number): void {
    for (const [id, bucket] of this.#buckets) {
      const limit = id.slice(0, id.indexOf(" ")) as keyof RateLimits;
      if (isFull(this.#limits, limit, bucket, now)) this.#buckets.delete(id);
    }
  }
}
