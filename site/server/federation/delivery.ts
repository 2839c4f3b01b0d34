import type { Runtime } from "../runtime.ts";
import type { OutgoingChange } from "../storage/records.ts";
import { contextOf, type P92Context } from "./context.ts";
import { outgoingOf } from "./outgoing.ts";

/** Where delivery has read the change log up to, in the key-value store. */
export const DELIVERY_CURSOR = ["p92", "delivery", "cursor"] as const;

/** Changes read at a time; how long to wait before trying again after a failure, and how often. */
const PAGE = 200;
const RETRY_MS = 5_000;
const MAX_TRIES = 5;
/** How often an idle delivery looks at the change log without being woken by a commit. */
const POLL_MS = 1_000;
/**
 * How long a woken delivery lets further commits gather before it reads: one read (and one save
 * of its position) for a busy moment's many writes, rather than one per write.
 */
const GATHER_MS = 20;

/**
 * Delivery: reads the change log in commit order (as sync does) and turns each change other
 * servers need to hear of into an activity in the durable queue, from which Fedify signs and sends
 * it, one delivery per receiving inbox (a server's shared inbox when it has one), retried with
 * back-off. The position read up to is saved after the activities are queued, so a crash in
 * between queues them again on restart: the ids are the same, and receivers apply each once.
 * A server that never federated starts at the end of the log (nothing before is sent). Several
 * server processes on one PostgreSQL database: one at a time delivers (`deliveryTurn`).
 */
export function startDelivery(runtime: Runtime): { stop: () => Promise<void> } {
  const { store } = runtime;
  const { kv } = runtime.federationStorage;
  const ctx = contextOf(runtime);
  let stopped = false;
  // Ends the current pause: a commit ends an idle one (there may be something to deliver), only
  // stopping ends the pause after a failure.
  let interrupt = () => {};
  let idle = false;
  const unwatch = store.watchCommits(() => {
    if (idle) interrupt();
  });
  const pause = (ms: number, untilCommit: boolean) =>
    new Promise<void>((resolve) => {
      idle = untilCommit;
      const timer = setTimeout(resolve, ms);
      interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      idle = false;
    });

  /** Where delivery starts: where it left off, or the end of the log on a first run. */
  const start = async () => {
    const saved = await kv.get<number>(DELIVERY_CURSOR);
    if (saved !== undefined) return saved;
    const end = await store.latestChangeSeq();
    await kv.set(DELIVERY_CURSOR, end);
    return end;
  };

  /**
   * One pass: queues the changes after `cursor` and answers the position reached. A change that
   * fails (its activity could not be made or queued) is tried again on the next pass, after a
   * pause; one that failed MAX_TRIES times is logged and passed over, so that one bad change
   * never holds back everything after it.
   */
  let failures = 0;
  const pass = async (cursor: number): Promise<number> => {
    const page = await store.outgoingChanges(cursor, PAGE);
    let reached = cursor;
    for (const change of page.changes) {
      try {
        await deliver(ctx, change);
      } catch (error) {
        if (++failures < MAX_TRIES) throw new PassFailed(reached, error);
        console.error(
          `p92: change ${change.seq} (${change.kind}) is not delivered, after ${MAX_TRIES} tries:`,
          error,
        );
      }
      failures = 0;
      reached = change.seq;
    }
    return page.last;
  };

  /** Saves the position; failing that, a restart queues some activities again (same ids). */
  const save = async (position: number) => {
    try {
      await kv.set(DELIVERY_CURSOR, position);
    } catch (error) {
      console.error("p92: delivery could not save its position:", error);
    }
  };

  const run = async () => {
    let cursor: number | null = null;
    while (!stopped) {
      // Several processes on one database: one at a time reads the log into deliveries (the others
      // would queue every activity again). Not this one's turn: look again in a while, and read
      // the saved position afresh once it is, as the process that had the turn moved it.
      if (!(await runtime.federationStorage.deliveryTurn())) {
        cursor = null;
        await pause(POLL_MS, false);
        continue;
      }
      let reached: number;
      try {
        cursor ??= await start();
        reached = await pass(cursor);
      } catch (error) {
        // Whatever failed (the database busy, the queue refusing a write) may pass: try again.
        console.error("p92: delivery failed; trying again in a few seconds:", error);
        if (error instanceof PassFailed && cursor !== null && error.reached > cursor) {
          cursor = error.reached;
          await save(cursor);
        }
        await pause(RETRY_MS, false);
        continue;
      }
      if (reached === cursor) {
        await pause(POLL_MS, true);
        await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
        continue;
      }
      cursor = reached;
      await save(cursor);
    }
  };
  const running = run().catch((error: unknown) => console.error("p92: delivery stopped:", error));
  return {
    stop: async () => {
      stopped = true;
      unwatch();
      interrupt();
      await running;
    },
  };
}

/** A pass stopped at a change that failed; the changes up to `reached` were queued. */
class PassFailed extends Error {
  readonly reached: number;
  constructor(reached: number, cause: unknown) {
    super("A change could not be delivered", { cause });
    this.reached = reached;
  }
}

/** Queues the activity of one change, if anyone elsewhere is to hear of it. */
async function deliver(ctx: P92Context, change: OutgoingChange): Promise<void> {
  const outgoing = await outgoingOf(ctx, change);
  if (!outgoing) return;
  await ctx.sendActivity({ identifier: change.handle }, outgoing.recipients, outgoing.activity, {
    preferSharedInbox: true,
    excludeBaseUris: [new URL(ctx.data.config.publicUrl)],
    orderingKey: outgoing.orderingKey,
  });
}
