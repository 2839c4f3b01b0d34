import { loadPreferences } from "../settings.ts";
import { syncOnce, type SyncOutcome } from "./engine.ts";

/**
 * One sync at a time on this device, whoever runs it: the tabs of the site and the service
 * worker (Background Sync) take the same Web Lock, so an operation is never pushed by two of
 * them at once (the server would apply it once anyway: operation ids).
 */
export function withSyncLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  return locks ? locks.request("p92-sync", run) : run();
}

/** The tag the site registers for and the worker answers. */
export const OUTBOX_SYNC_TAG = "p92-outbox";

/**
 * What the service worker runs when the browser says the network is back (the tab may be
 * closed): one sync as the signed-in account. A network failure throws, so the browser tries
 * again later; any other outcome is final for this round (the next visit syncs as always).
 */
export async function syncInBackground(): Promise<SyncOutcome | null> {
  const { session } = await loadPreferences();
  if (!session) return null;
  const outcome = await withSyncLock(() => syncOnce(session));
  if (!outcome.ok && outcome.error.status === 0) throw outcome.error;
  return outcome;
}

interface SyncManager {
  register(tag: string): Promise<void>;
}

/**
 * Asks the browser to wake the service worker when the network is back, where Background Sync
 * exists (Chromium); elsewhere the next visit sends the outbox, as it always did.
 */
export async function requestBackgroundSync(): Promise<void> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const sync = (registration as (ServiceWorkerRegistration & { sync?: SyncManager }) | undefined)?.sync;
  await sync?.register(OUTBOX_SYNC_TAG).catch(() => undefined);
}
