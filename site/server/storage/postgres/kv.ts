import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import { decodeKey, encodeKey, NEXT, SEP } from "../rows/kv.ts";
import type { Queries } from "./db.ts";

/** Expired entries are swept at most this often (per process), on a write. */
const SWEEP_EVERY_MS = 60_000;

const UPSERT = `
  INSERT INTO kv (key, value, expires_at) VALUES (:key, :value, :expires)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`;

/**
 * Fedify's key-value store on PostgreSQL's `kv` table, shared by every process: the same keys as
 * SQLite's (rows/kv.ts), values as JSON text, expiry in milliseconds since the epoch.
 */
export class PostgresKvStore implements KvStore {
  readonly #q: Queries;
  #sweptAt = 0;

  constructor(q: Queries) {
    this.#q = q;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.#q.get<{ value: string }>(
      "SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
      encodeKey(key),
      Date.now(),
    );
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    await this.#q.allNamed(UPSERT, this.#row(key, value, options));
    await this.#sweep();
  }

  async delete(key: KvKey): Promise<void> {
    await this.#q.run("DELETE FROM kv WHERE key = ?", encodeKey(key));
  }

  /**
   * Sets `key` to `newValue` only if it now holds `expectedValue` (`undefined`: is absent or
   * expired). One statement each way, so it is atomic whichever process races it: PostgreSQL
   * re-checks the condition on the row's latest version once a concurrent writer committed.
   * - Absent: an insert, which on a conflict replaces only an expired row. Of two racing inserts
   *   the second waits for the first, then finds a live row and changes nothing.
   * - Present: an update of the row still holding the expected value. Values are compared as
   *   JSON text, as SQLite's store compares them: the stored text is always JSON.stringify's.
   */
  async cas(
    key: KvKey,
    expectedValue: unknown,
    newValue: unknown,
    options?: KvStoreSetOptions,
  ): Promise<boolean> {
    const row = { ...this.#row(key, newValue, options), now: Date.now() };
    const changed =
      expectedValue === undefined
        ? await this.#q.allNamed(
            `${UPSERT} WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= :now RETURNING 1 AS done`,
            row,
          )
        : await this.#q.allNamed(
            `UPDATE kv SET value = :value, expires_at = :expires
             WHERE key = :key AND value = :expected AND (expires_at IS NULL OR expires_at > :now)
             RETURNING 1 AS done`,
            { ...row, expected: json(expectedValue) },
          );
    if (changed.length > 0) await this.#sweep();
    return changed.length > 0;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const now = Date.now();
    const rows =
      prefix === undefined
        ? await this.#q.all<{ key: string; value: string }>(
            "SELECT key, value FROM kv WHERE expires_at IS NULL OR expires_at > ? ORDER BY key",
            now,
          )
        : await this.#q.all<{ key: string; value: string }>(
            `SELECT key, value FROM kv
             WHERE ((key >= ? AND key < ?) OR key = ?) AND (expires_at IS NULL OR expires_at > ?)
             ORDER BY key`,
            encodeKey(prefix) + SEP,
            encodeKey(prefix) + NEXT,
            encodeKey(prefix),
            now,
          );
    for (const row of rows) yield { key: decodeKey(row.key), value: JSON.parse(row.value) as unknown };
  }

  #row(key: KvKey, value: unknown, options?: KvStoreSetOptions) {
    if (value === undefined) throw new TypeError("A key-value store cannot hold undefined");
    const ttl = options?.ttl?.total({ unit: "millisecond" });
    // Whole milliseconds (the column is bigint), never earlier than asked.
    return {
      key: encodeKey(key),
      value: json(value),
      expires: ttl === undefined ? null : Math.ceil(Date.now() + ttl),
    };
  }

  async #sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.#sweptAt < SWEEP_EVERY_MS) return;
    this.#sweptAt = now;
    await this.#q.run("DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?", now);
  }
}

function json(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (typeof text !== "string") throw new TypeError("A key-value store holds only JSON values");
  return text;
}
