import { effect } from "@preact/signals";
import { recordSync, session, setSyncing } from "../store.ts";
import { requestBackgroundSync, withSyncLock } from "./background.ts";
import { syncOnce } from "./engine.ts";

/** Sync runs on load, when the network returns, after each action (outbox.ts), and every so often. */
export const SYNC_INTERVAL_MS = 30_000;

let running: Promise<void> | null = null;
let again = false;

/** Asks for a sync; calls during a run make exactly one more run after it. */
export function requestSync(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      const current = session.value;
      if (!current) break;
      // Offline, or the server out of reach: the service worker sends the outbox when the
      // network is back, even if this tab was closed by then (background.ts).
      if (!navigator.onLine) {
        void requestBackgroundSync();
        break;
      }
      setSyncing(true);
      const outcome = await withSyncLock(() => syncOnce(current));
      recordSync(outcome);
      if (!outcome.ok && outcome.error.status === 0) void requestBackgroundSync();
      setSyncing(false);
    } while (again);
  })().finally(() => {
    running = null;
    setSyncing(false);
  });
  return running;
}

let started = false;

export function startSyncing(): void {
  if (started) return;
  started = true;
  addEventListener("online", () => void requestSync());
  setInterval(() => void requestSync(), SYNC_INTERVAL_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void requestSync();
  });
  // The first run waits for the stored session and for the next frame, so it does not compete
  // with the first paint of the feed from the device; signing in starts one as well.
  effect(() => {
    if (session.value) requestAnimationFrame(() => setTimeout(() => void requestSync(), 0));
  });
}
