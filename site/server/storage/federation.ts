import type { KvStore, MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions } from "@fedify/fedify";
import { openPostgresFederationStorage } from "./federation-postgres.ts";
import { openSqliteFederationStorage } from "./federation-sqlite.ts";

/** Fedify's durable message queue, as the server uses it on either database. */
export interface FederationQueue extends MessageQueue {
  enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void>;
  getDepth(): Promise<MessageQueueDepth>;
  /**
   * Messages not handled to the end: waiting, delayed (a retry) or running. Unlike `getDepth()`
   * (Fedify's meaning: what waits), zero means every task so far is done.
   */
  unfinished(): Promise<number>;
  /** Hands back the messages claimed by a process that died; answers how many. */
  releaseClaims(): Promise<number>;
  /** Stops this queue's listeners after their running messages. */
  close(): void;
}

/**
 * Fedify's key-value store (cached documents and keys, seen activity ids, the circuit breaker's
 * state) and its durable message queue (deliveries, incoming activities): in federation.sqlite
 * next to p92.sqlite (federation-sqlite.ts), or in the PostgreSQL database the Store uses, on a
 * pool of their own (federation-postgres.ts).
 */
export interface FederationStorage {
  kv: KvStore & Required<Pick<KvStore, "cas">>;
  queue: FederationQueue;
  /**
   * Whether this process is the one that turns the change log into deliveries now, taking the turn
   * when no live process has it: always on SQLite (one process), an advisory lock on PostgreSQL.
   */
  deliveryTurn(): Promise<boolean>;
  /** Closes the storage at once; on PostgreSQL its connections end in the background. */
  close(): void;
  /** Closes the storage; resolves once it is closed (its connections ended). */
  end(): Promise<void>;
}

/** The federation storage beside the configured Store: PostgreSQL when a URL is given, else SQLite. */
export async function openFederationStorage(config: {
  dataDir: string;
  databaseUrl: string | null;
}): Promise<FederationStorage> {
  return config.databaseUrl
    ? openPostgresFederationStorage(config.databaseUrl)
    : openSqliteFederationStorage(config.dataDir);
}
