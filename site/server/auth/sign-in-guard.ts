import { setTimeout as sleep } from "node:timers/promises";
import { ApiFailure } from "../../../shared/api-failure.ts";

interface Failures {
  count: number;
  last: number;
}

/** A key with no failed attempt for this long starts afresh. */
const FORGET_AFTER_MS = 15 * 60 * 1000;
/** Failures against one handle before its attempts are slowed down. */
const HANDLE_FREE_FAILURES = 5;
/** The longest an attempt on a guessed-at handle is held: the owner still gets in after it. */
export const MAX_HOLD_MS = 10_000;
/** Failures from one address against one handle before that address must wait to try it again. */
const PAIR_FREE_FAILURES = 5;
/** Failures from one address against any handles before it must wait (a NAT shares it: high). */
const ADDRESS_FREE_FAILURES = 20;
const MAX_WAIT_MS = 15 * 60 * 1000;
/** Password checks one address may have running at once. */
const MAX_IN_FLIGHT = 2;

/**
 * Slows password guessing down without letting a stranger lock an owner out. Only failed
 * attempts count, never attempts as such, and a failure counts against three keys:
 *
 * - the handle: past 5 failures every later attempt on it, from anywhere, is held a little (0.5 s,
 *   doubling, at most 10 s) before the password is checked. A stranger guessing cannot keep the
 *   owner out: the owner signs in with the right password after the same short wait.
 * - the address and handle together: past 5 failures that address must wait before trying that
 *   handle again (1 s, doubling, at most 15 min; 429 with Retry-After). This only holds back the
 *   guesser, unless the owner shares their address.
 * - the address: past 20 failures against any handles it must wait likewise, and it may have at
 *   most 2 checks running at once, so holds do not turn into unbounded parallel guessing.
 *
 * The right password clears the handle's and the pair's failures, never the address's: signing
 * in to one's own account between guesses does not reset anything. Addresses are rate-limit keys
 * (an IPv6 /64 is one). A botnet of many addresses still gets about 5 guesses per handle and
 * address every quarter hour, at the handle's hold. Kept in memory, like the rate limits.
 */
export class SignInGuard {
  readonly #handles = new Map<string, Failures>();
  readonly #pairs = new Map<string, Failures>();
  readonly #addresses = new Map<string, Failures>();
  readonly #inFlight = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Runs one password check under the guard; answers whether the password was right. */
  async attempt(handle: string, address: string, check: () => Promise<boolean>): Promise<boolean> {
    const hold = this.admit(handle, address);
    const running = this.#inFlight.get(address) ?? 0;
    if (running >= MAX_IN_FLIGHT)
      throw refusal("Another sign-in from here is being checked; try again in 1 s", 1);
    this.#inFlight.set(address, running + 1);
    try {
      if (hold > 0) await sleep(hold);
      const ok = await check();
      if (ok) this.succeeded(handle, address);
      else this.failed(handle, address);
      return ok;
    } finally {
      const left = (this.#inFlight.get(address) ?? 1) - 1;
      if (left > 0) this.#inFlight.set(address, left);
      else this.#inFlight.delete(address);
    }
  }

  /** Before a password is checked: throws 429 while the address must wait; else how long to hold. */
  admit(handle: string, address: string): number {
    const now = this.#now();
    for (const [map, key, free] of [
      [this.#addresses, address, ADDRESS_FREE_FAILURES],
      [this.#pairs, pair(handle, address), PAIR_FREE_FAILURES],
    ] as const) {
      const failures = this.#current(map, key, now);
      if (!failures || failures.count < free) continue;
      const left = failures.last + Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures.count - free)) - now;
      if (left > 0) {
        const seconds = Math.ceil(left / 1000);
        throw refusal(`Too many wrong passwords from here; try again in ${seconds} s`, seconds);
      }
    }
    const onHandle = this.#current(this.#handles, handle, now);
    if (!onHandle || onHandle.count < HANDLE_FREE_FAILURES) return 0;
    return Math.min(MAX_HOLD_MS, 500 * 2 ** (onHandle.count - HANDLE_FREE_FAILURES));
  }

  failed(handle: string, address: string): void {
    const now = this.#now();
    for (const [map, key] of [
      [this.#handles, handle],
      [this.#pairs, pair(handle, address)],
      [this.#addresses, address],
    ] as const) {
      const failures = this.#current(map, key, now) ?? { count: 0, last: now };
      failures.count += 1;
      failures.last = now;
      map.set(key, failures);
      if (map.size > 100_000) this.#prune(map, now);
    }
  }

  /** The right password: this handle, and this address's guesses at it, start afresh. */
  succeeded(handle: string, address: string): void {
    this.#handles.delete(handle);
    this.#pairs.delete(pair(handle, address));
  }

  #current(map: Map<string, Failures>, key: string, now: number): Failures | undefined {
    const failures = map.get(key);
    if (failures && now - failures.last > FORGET_AFTER_MS) {
      map.delete(key);
      return undefined;
    }
    return failures;
  }

  #prune(map: Map<string, Failures>, now: number): void {
    for (const [key, failures] of map) if (now - failures.last > FORGET_AFTER_MS) map.delete(key);
  }
}

const pair = (handle: string, address: string) => `${handle}\u0000${address}`;

const refusal = (message: string, seconds: number) =>
  new ApiFailure(429, "rate_limited", message, undefined, { "Retry-After": String(seconds) });
