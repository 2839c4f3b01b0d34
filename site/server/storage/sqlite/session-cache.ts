export interface CachedSession {
  accountId: number;
  /** When the session was last marked as used in the database (ms since the epoch). */
  lastUsed: number;
}

/**
 * The sessions of recently used tokens, so an authenticated request costs no query. Bounded:
 * past `capacity` entries the least recently used is dropped. Only found sessions are kept (a
 * wrong token always reaches the database). Correct only while this process is the only one that
 * deletes sessions, which holds for the SQLite store (one server process per database).
 */
export class SessionCache {
  readonly #capacity: number;
  readonly #sessions = new Map<string, CachedSession>();

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  find(tokenHash: Buffer, lookUp: () => CachedSession | null): CachedSession | null {
    const key = tokenHash.toString("base64");
    const cached = this.#sessions.get(key);
    if (cached !== undefined) {
      // Map keeps insertion order: moving the entry to the end marks it recently used.
      this.#sessions.delete(key);
      this.#sessions.set(key, cached);
      return cached;
    }
    const session = lookUp();
    if (session !== null) {
      this.#sessions.set(key, session);
      if (this.#sessions.size > this.#capacity) {
        this.#sessions.delete(this.#sessions.keys().next().value!);
      }
    }
    return session;
  }

  forget(tokenHash: Buffer): void {
    this.#sessions.delete(tokenHash.toString("base64"));
  }

  /** Forgets every session of the account, except the one given. */
  forgetAccount(accountId: number, keep: Buffer | null): void {
    const kept = keep?.toString("base64");
    for (const [key, session] of this.#sessions) {
      if (session.accountId === accountId && key !== kept) this.#sessions.delete(key);
    }
  }

  /** Forgets sessions last used before `before` (ms). */
  forgetIdle(before: number): void {
    for (const [key, session] of this.#sessions) if (session.lastUsed < before) this.#sessions.delete(key);
  }
}
