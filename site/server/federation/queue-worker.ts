import type { Runtime } from "../runtime.ts";

/**
 * Starts handling the federation queue (deliveries, incoming activities): first the messages a
 * process that died was handling are handed back, so none is lost. `stop()` takes no new message
 * and resolves once the running ones finished (or after 10 s: one may wait on a slow server), so
 * the stores can then close under none of them; what is left waits in the database for the next
 * start.
 */
export function startFederationQueue(runtime: Runtime): { stop: () => Promise<void> } {
  const released = runtime.federationStorage.queue.releaseClaims();
  if (released > 0) console.log(`p92: ${released} federation tasks interrupted by a stop are queued again`);
  const controller = new AbortController();
  const running = runtime.federation
    .startQueue(runtime, { signal: controller.signal })
    .catch((error: unknown) => {
      console.error("p92: the federation queue stopped:", error);
    });
  return {
    stop: () => {
      controller.abort();
      return Promise.race([running, new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
    },
  };
}
