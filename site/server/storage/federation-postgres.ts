import type { FederationStorage } from "./federation.ts";
import { migrate } from "./postgres/database.ts";
import { openPool, Queries } from "./postgres/db.ts";
import { PostgresKvStore } from "./postgres/kv.ts";
import { openPostgresQueue, type PostgresMessageQueue, type PostgresQueueOptions } from "./postgres/queue.ts";

/** The task number of delivery's turn (postgres/queue.ts holdsTurn). */
const DELIVERY_TASK = 1;

export interface PostgresFederationStorage extends FederationStorage {
  kv: PostgresKvStore;
  queue: PostgresMessageQueue;
}

/**
 * Opens Fedify's key-value store and queue on the tables `kv` and `queue` of the Store's database
 * (postgres/migrations.ts), on a pool of their own: a burst of deliveries never takes the
 * connections requests need. The queue holds its lock on a connection of its own
 * (postgres/queue-lock.ts) and listens on another, both besides this pool, whose connections serve
 * the queue's claims and the handlers' reads and writes.
 */
export async function openPostgresFederationStorage(
  url: string,
  options: { connections?: number } & PostgresQueueOptions = {},
): Promise<PostgresFederationStorage> {
  const pool = openPool(url, { max: options.connections ?? 4 });
  let queue: PostgresMessageQueue;
  try {
    // The Store migrates too; whichever comes first does it, the other finds it done.
    await migrate(pool);
    queue = await openPostgresQueue(pool, options);
  } catch (error) {
    await pool.end({ timeout: 1 });
    throw error;
  }
  let ending: Promise<void> | null = null;
  const end = () =>
    (ending ??= queue
      .end()
      .catch(() => {})
      // Queries already sent finish; nothing new is accepted.
      .then(() => pool.end({ timeout: 5 })));
  return {
    kv: new PostgresKvStore(new Queries(pool)),
    queue,
    deliveryTurn: () => queue.holdsTurn(DELIVERY_TASK),
    close: () => void end(),
    end,
  };
}
