import fs from "node:fs";
import path from "node:path";
import type { FederationStorage } from "./federation.ts";
import { connect } from "./sqlite.ts";
import { SqliteKvStore } from "./sqlite/kv.ts";
import { SqliteMessageQueue } from "./sqlite/queue.ts";

export const FEDERATION_DATABASE_FILE = "federation.sqlite";

/** SQLite's federation storage: a database file of its own, next to p92.sqlite. */
export interface SqliteFederationStorage extends FederationStorage {
  kv: SqliteKvStore;
  queue: SqliteMessageQueue;
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
 * Opens (creating) the data directory's federation database, apart from p92.sqlite: its writes
 * never wait for, nor delay, the Store's group commit. The queue's connection commits with
 * `synchronous = FULL`, so a queued delivery survives a crash; the key-value store's commits are
 * only cached data and idempotence records and skip the fsync, as do the queue's claims and
 * removals (see SqliteMessageQueue).
 */
export function openSqliteFederationStorage(dataDir: string): SqliteFederationStorage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FEDERATION_DATABASE_FILE);
  const queueDb = connect(file, { durable: true });
  queueDb.exec(SCHEMA);
  const kvDb = connect(file, { durable: false });
  const kv = new SqliteKvStore(kvDb);
  const queue = new SqliteMessageQueue(queueDb, file, { bookkeeping: kvDb });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    queue.close();
    kvDb.close();
    queueDb.close();
  };
  return { kv, queue, deliveryTurn: async () => true, close, end: async () => close() };
}
