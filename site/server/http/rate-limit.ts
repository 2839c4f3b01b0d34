import type { RateLimit, RateLimits } from "../config.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Token buckets kept in memory, one per (limit, key): `count` attempts at once, refilled at
 * count/seconds. A restart forgets them, which only ever errs on the side of letting people in.
 */
export class RateLimiter {
  readonly #limits: RateLimits;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(limits: RateLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Takes one token, or throws a 429 whose Retry-After says when the next one is due. */
  take(limit: keyof RateLimits, key: string): void {
    const retryAfter = this.tryTake(limit, key);
    if (retryAfter > 0) {
      throw new ApiFailure(
        429,
        "rate_limited",
        `Too many attempts; try again in ${retryAfter} s`,
        undefined,
        { "Retry-After": String(retryAfter) },
      );
    }
  }

  /** Takes one token and answers 0, or answers how many seconds until one is available. */
  tryTake(limit: keyof RateLimits, key: string): number {
    return this.tryTakeAll([[limit, key]]);
  }

  /**
   * Takes one token from each bucket and answers 0, or takes none and answers how many seconds
   * until every one of them has a token: a refused write costs nothing.
   */
  tryTakeAll(buckets: [limit: keyof RateLimits, key: string][]): number {
    const now = this.#now();
    if (this.#buckets.size > 100_000) this.#prune(now);
    let wait = 0;
    const found = buckets.map(([limit, key]) => {
      const { count, seconds }: RateLimit = this.#limits[limit];
      const rate = count / (seconds * 1000);
      const id = `${limit}\u0000${key}`;
      const bucket = this.#buckets.get(id) ?? { tokens: count, updated: now };
      bucket.tokens = Math.min(count, bucket.tokens + (now - bucket.updated) * rate);
      bucket.updated = now;
      this.#buckets.set(id, bucket);
      if (bucket.tokens < 1) wait = Math.max(wait, Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)));
      return bucket;
    });
    if (wait === 0) for (const bucket of found) bucket.tokens -= 1;
    return wait;
  }

  /** Forgets buckets that have refilled completely: they hold no information. */
  #prune(now: number): void {
    for (const [id, bucket] of this.#buckets) {
      const name = id.slice(0, id.indexOf("\u0000")) as keyof RateLimits;
      const { count, seconds } = this.#limits[name];
      if (bucket.tokens + ((now - bucket.updated) * count) / (seconds * 1000) >= count)
        this.#buckets.delete(id);
    }
  }
}
