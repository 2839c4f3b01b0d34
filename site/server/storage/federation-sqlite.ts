import fs from "node:fs";
import path from "node:path";
import { connect } from "./sqlite.ts";
import { SqliteKvStore } from "./sqlite/kv.ts";
import { SqliteMessageQueue } from "./sqlite/queue.ts";

export const FEDERATION_DATABASE_FILE = "federation.sqlite";

/**
 * Fedify's key-value store (cached documents and keys, seen activity ids, the circuit breaker's
 * state) and its durable message queue (deliveries, incoming activities), in a database file of
 * their own: their writes never wait for, nor delay, the group commit of p92.sqlite.
 */
export interface FederationStorage {
  kv: SqliteKvStore;
  queue: SqliteMessageQueue;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER
  ) STRICT;
  CREATE INDEX IF NOT EXISTS kv_expiry ON kv(expires_at) WHERE expires_at IS NOT NULL;
  CREATE TABLE IF NOT EXISTS queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message TEXT NOT NULL,
    ordering_key TEXT,
    run_at INTEGER NOT NULL,
    claimed_by TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS queue_ready ON queue(run_at, id) WHERE claimed_by IS NULL;
  CREATE INDEX IF NOT EXISTS queue_ordering ON queue(ordering_key, id) WHERE ordering_key IS NOT NULL;
`;

/**
 * Opens (creating) the data directory's federation database. The queue's connection commits with
 * `synchronous = FULL`, so a queued delivery survives a crash; the key-value store's commits are
 * only cached data and idempotence records and skip the fsync, as do the queue's claims and
 * removals (see SqliteMessageQueue).
 */
export function openFederationStorage(dataDir: string): FederationStorage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FEDERATION_DATABASE_FILE);
  const queueDb = connect(file, { durable: true });
  queueDb.exec(SCHEMA);
  const kvDb = connect(file, { durable: false });
  const kv = new SqliteKvStore(kvDb);
  const queue = new SqliteMessageQueue(queueDb, file, { bookkeeping: kvDb });
  let closed = false;
  return {
    kv,
    queue,
    close() {
      if (closed) return;
      closed = true;
      queue.close();
      kvDb.close();
      queueDb.close();
    },
  };
}
