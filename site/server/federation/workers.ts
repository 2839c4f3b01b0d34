import type { Runtime } from "../runtime.ts";
import { startDelivery } from "./delivery.ts";

/**
 * Starts federation's background work: the queue (deliveries, incoming activities), after handing
 * back the messages a process that died was handling, so none is lost; and delivery, which queues
 * what the change log says other servers must hear of. `stop()` takes no new work and resolves once
 * the running tasks finished (or after 10 s: one may wait on a slow server), so the stores can then
 * close under none of them; what is left waits in the database for the next start.
 */
export function startFederationWorkers(runtime: Runtime): { stop: () => Promise<void> } {
  const controller = new AbortController();
  // The queue starts only once the claims are handed back (SQLite hands back every claim, so none
  // of its own may exist yet); `stop()` waits for this whole start.
  const queue = (async () => {
    try {
      const released = await runtime.federationStorage.queue.releaseClaims();
      if (released > 0)
        console.log(`p92: ${released} federation tasks interrupted by a stop are queued again`);
    } catch (error) {
      // Not a reason to stay idle: PostgreSQL's listening queue hands them back later anyway.
      console.error("p92: the federation queue could not hand back interrupted tasks:", error);
    }
    if (controller.signal.aborted) return;
    await runtime.federation.startQueue(runtime, { signal: controller.signal });
  })().catch((error: unknown) => {
    console.error("p92: the federation queue stopped:", error);
  });
  const delivery = startDelivery(runtime);
  return {
    stop: () => {
      controller.abort();
      const done = Promise.all([queue, delivery.stop()]).then(() => {});
      return Promise.race([done, new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
    },
  };
}
