import { ApiFailure } from "../http/errors.ts";

interface Failures {
  count: number;
  last: number;
}

/** A handle or address with no failed attempt for this long starts afresh. */
const FORGET_AFTER_MS = 15 * 60 * 1000;
/** Failures against one handle before its attempts are slowed down. */
const HANDLE_FREE_FAILURES = 5;
/** The longest an attempt on a guessed-at handle is held: the owner still gets in after it. */
export const MAX_HOLD_MS = 10_000;
/** Failures from one address before it has to wait between attempts. */
const ADDRESS_FREE_FAILURES = 10;
const MAX_ADDRESS_WAIT_MS = 15 * 60 * 1000;

/**
 * Slows password guessing down without locking anyone out. Only failed attempts count, never
 * attempts as such. Against a handle, failures make every later attempt on it wait a little
 * (0.5 s, doubling, at most 10 s) before the password is checked: a stranger guessing cannot
 * keep the owner out, who signs in with the right password after the same short wait. From an
 * address, failures make that address wait between attempts (1 s, doubling, at most 15 min),
 * refused with 429 and Retry-After: that only ever holds back the guesser. Kept in memory, like
 * the rate limits.
 */
export class SignInGuard {
  readonly #handles = new Map<string, Failures>();
  readonly #addresses = new Map<string, Failures>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Before a password is checked: throws 429 while the address must wait; else how long to hold. */
  admit(handle: string, address: string): number {
    const now = this.#now();
    const fromAddress = this.#current(this.#addresses, address, now);
    if (fromAddress && fromAddress.count >= ADDRESS_FREE_FAILURES) {
      const wait = Math.min(MAX_ADDRESS_WAIT_MS, 1000 * 2 ** (fromAddress.count - ADDRESS_FREE_FAILURES));
      const left = fromAddress.last + wait - now;
      if (left > 0) {
        const seconds = Math.ceil(left / 1000);
        throw new ApiFailure(
          429,
          "rate_limited",
          `Too many wrong passwords from here; try again in ${seconds} s`,
          undefined,
          { "Retry-After": String(seconds) },
        );
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
      [this.#addresses, address],
    ] as const) {
      const failures = this.#current(map, key, now) ?? { count: 0, last: now };
      failures.count += 1;
      failures.last = now;
      map.set(key, failures);
      if (map.size > 100_000) this.#prune(map, now);
    }
  }

  /** The right password: this handle and address start afresh. */
  succeeded(handle: string, address: string): void {
    this.#handles.delete(handle);
    this.#addresses.delete(address);
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
