import type { Runtime } from "../runtime.ts";

/**
 * Starts handling the federation queue (deliveries, incoming activities): first the messages a
 * process that died was handling are handed back, so none is lost. Stopping lets the running
 * ones finish; what is left waits in the database for the next start.
 */
export function startFederationQueue(runtime: Runtime): { stop: () => void } {
  const released = runtime.federationStorage.queue.releaseClaims();
  if (released > 0) console.log(`p92: ${released} federation tasks interrupted by a stop are queued again`);
  const controller = new AbortController();
  runtime.federation.startQueue(undefined, { signal: controller.signal }).catch((error: unknown) => {
    console.error("p92: the federation queue stopped:", error);
  });
  return { stop: () => controller.abort() };
}
