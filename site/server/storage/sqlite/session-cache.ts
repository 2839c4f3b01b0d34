/**
 * The accounts of recently used session tokens, so an authenticated request costs no query.
 * Bounded: past `capacity` entries the least recently used is dropped. Only found sessions are
 * kept (a wrong token always reaches the database). Correct only while this process is the only
 * one that deletes sessions, which holds for the SQLite store (one server process per database).
 */
export class SessionCache {
  readonly #capacity: number;
  readonly #accounts = new Map<string, number>();

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  find(tokenHash: Buffer, lookUp: () => number | null): number | null {
    const key = tokenHash.toString("base64");
    const cached = this.#accounts.get(key);
    if (cached !== undefined) {
      // Map keeps insertion order: moving the entry to the end marks it recently used.
      this.#accounts.delete(key);
      this.#accounts.set(key, cached);
      return cached;
    }
    const accountId = lookUp();
    if (accountId !== null) {
      this.#accounts.set(key, accountId);
      if (this.#accounts.size > this.#capacity) {
        this.#accounts.delete(this.#accounts.keys().next().value!);
      }
    }
    return accountId;
  }

  forget(tokenHash: Buffer): void {
    this.#accounts.delete(tokenHash.toString("base64"));
  }
}
