import type { Runtime } from "../runtime.ts";
import type { OutgoingChange } from "../storage/records.ts";
import type { P92Context } from "./context.ts";
import { outgoingOf } from "./outgoing.ts";

/** Where delivery has read the change log up to, in the key-value store. */
export const DELIVERY_CURSOR = ["p92", "delivery", "cursor"] as const;

/** Changes read at a time; how long to wait before trying again after the queue refused a write. */
const PAGE = 200;
const RETRY_MS = 5_000;
/** How often an idle delivery looks at the change log without being woken by a commit. */
const POLL_MS = 1_000;

/**
 * Delivery: reads the change log in commit order (as sync does) and turns each change other
 * servers need to hear of into an activity in the durable queue, from which Fedify signs and sends
 * it, one delivery per receiving inbox (a server's shared inbox when it has one), retried with
 * back-off. The position read up to is saved after the activities are queued, so a crash in
 * between queues them again on restart: the ids are the same, and receivers apply each once.
 * A server that never federated starts at the end of the log (nothing before is sent).
 */
export function startDelivery(runtime: Runtime): { stop: () => Promise<void> } {
  const { store } = runtime;
  const { kv } = runtime.federationStorage;
  const ctx = runtime.federation.createContext(new URL(runtime.config.publicUrl), runtime);
  let stopped = false;
  let wake = () => {};
  const wakeUp = () => wake();
  const unwatch = store.watchCommits(wakeUp);
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    let cursor = await kv.get<number>(DELIVERY_CURSOR);
    if (cursor === undefined) {
      cursor = await store.latestChangeSeq();
      await kv.set(DELIVERY_CURSOR, cursor);
    }
    while (!stopped) {
      const page = await store.outgoingChanges(cursor, PAGE);
      try {
        for (const change of page.changes) await deliver(ctx, change);
      } catch (error) {
        console.error("p92: delivery could not queue an activity; trying again:", error);
        await pause(RETRY_MS);
        continue;
      }
      if (page.last === cursor) {
        await pause(POLL_MS);
        continue;
      }
      cursor = page.last;
      await kv.set(DELIVERY_CURSOR, cursor);
    }
  };
  const running = run().catch((error: unknown) => console.error("p92: delivery stopped:", error));
  return {
    stop: async () => {
      stopped = true;
      unwatch();
      wake();
      await running;
    },
  };
}

/**
 * Queues the activity of one change. A change that cannot be made into an activity (its post
 * unreadable, say) is logged and passed over: it would fail the same way every time. Failing to
 * queue is thrown: the caller tries again.
 */
async function deliver(ctx: P92Context, change: OutgoingChange): Promise<void> {
  let outgoing;
  try {
    outgoing = await outgoingOf(ctx, change);
  } catch (error) {
    console.error(`p92: change ${change.seq} (${change.kind}) is not delivered:`, error);
    return;
  }
  if (!outgoing) return;
  await ctx.sendActivity({ identifier: change.handle }, outgoing.recipients, outgoing.activity, {
    preferSharedInbox: true,
    excludeBaseUris: [new URL(ctx.data.config.publicUrl)],
    orderingKey: outgoing.orderingKey,
  });
}
