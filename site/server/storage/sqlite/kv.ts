import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { decodeKey, encodeKey, NEXT, SEP } from "../rows/kv.ts";

/** Expired entries are swept at most this often, on a write. */
const SWEEP_EVERY_MS = 60_000;

/** Fedify's key-value store on a SQLite table (`kv` of federation.sqlite). */
export class SqliteKvStore implements KvStore {
  readonly #db: DatabaseSync;
  readonly #get: StatementSync;
  readonly #set: StatementSync;
  readonly #delete: StatementSync;
  readonly #range: StatementSync;
  readonly #all: StatementSync;
  readonly #sweep: StatementSync;
  #sweptAt = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#get = db.prepare("SELECT value, expires_at FROM kv WHERE key = ?");
    this.#set = db.prepare(
      "INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    );
    this.#delete = db.prepare("DELETE FROM kv WHERE key = ?");
    this.#range = db.prepare(
      "SELECT key, value FROM kv WHERE ((key >= ? AND key < ?) OR key = ?) AND (expires_at IS NULL OR expires_at > ?) ORDER BY key",
    );
    this.#all = db.prepare(
      "SELECT key, value FROM kv WHERE expires_at IS NULL OR expires_at > ? ORDER BY key",
    );
    this.#sweep = db.prepare("DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= ?");
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    return this.#read(encodeKey(key)) as T | undefined;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    this.#write(encodeKey(key), value, options);
  }

  async delete(key: KvKey): Promise<void> {
    this.#delete.run(encodeKey(key));
  }

  /** Sets `key` to `newValue` only if it now holds `expectedValue` (`undefined`: is absent). */
  async cas(
    key: KvKey,
    expectedValue: unknown,
    newValue: unknown,
    options?: KvStoreSetOptions,
  ): Promise<boolean> {
    const stored = encodeKey(key);
    // One transaction, and this process runs it without yielding: nothing can write in between.
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const current = this.#read(stored);
      const matches =
        current === undefined || expectedValue === undefined
          ? current === expectedValue
          : JSON.stringify(current) === JSON.stringify(expectedValue);
      if (matches) this.#write(stored, newValue, options);
      this.#db.exec("COMMIT");
      return matches;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const now = Date.now();
    const rows = (
      prefix === undefined
        ? this.#all.all(now)
        : this.#range.all(encodeKey(prefix) + SEP, encodeKey(prefix) + NEXT, encodeKey(prefix), now)
    ) as { key: string; value: string }[];
    for (const row of rows) yield { key: decodeKey(row.key), value: JSON.parse(row.value) as unknown };
  }

  #read(stored: string): unknown {
    const row = this.#get.get(stored) as { value: string; expires_at: number | null } | undefined;
    if (row === undefined) return undefined;
    if (row.expires_at !== null && row.expires_at <= Date.now()) return undefined;
    return JSON.parse(row.value) as unknown;
  }

  #write(stored: string, value: unknown, options?: KvStoreSetOptions): void {
    if (value === undefined) throw new TypeError("A key-value store cannot hold undefined");
    const now = Date.now();
    const ttl = options?.ttl?.total({ unit: "millisecond" });
    this.#set.run(stored, JSON.stringify(value), ttl === undefined ? null : now + ttl);
    if (now - this.#sweptAt >= SWEEP_EVERY_MS) {
      this.#sweptAt = now;
      this.#sweep.run(now);
    }
  }
}
