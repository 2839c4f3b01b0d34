import { DELIVERY_CURSOR } from "./federation/delivery.ts";
import type { Runtime } from "./runtime.ts";
import type { PurgeProgress } from "./storage/rows/deletions.ts";

/** While delivery has not sent an account's Delete(Person) yet, how often to look again. */
const WAIT_FOR_DELIVERY_MS = 2_000;
/** With nothing to purge, how often to look (a deletion made here wakes it sooner). */
const IDLE_MS = 60_000;
const RETRY_MS = 10_000;
/** Progress is told at most this often per purge, and at its end. */
const TELL_EVERY_MS = 10_000;

/**
 * The purge of deleted accounts (storage/rows/deletions.ts): one batch after the other, each its
 * own transaction, until nothing is left; resumed where the last commit left it after a restart
 * (a crash in the middle loses nothing: the account was already deleted for everyone).
 * `batch` rows per transaction (P92_PURGE_BATCH), `pauseMs` between two (P92_PURGE_PAUSE_MS), so
 * a large account's purge leaves the database to everyone else in between.
 */
export function startAccountPurges(runtime: Runtime): { stop: () => Promise<void> } {
  const { store, config } = runtime;
  const { batch, pauseMs } = config.purge;
  let stopped = false;
  let wake = () => {};
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  // A commit may be a deletion: an idle purge looks again.
  let idle = false;
  const unwatch = store.watchCommits(() => {
    if (idle) wake();
  });
  const told = new Map<number, { at: number; removed: number; name: string }>();
  const tell = async (step: PurgeProgress) => {
    let seen = told.get(step.accountId);
    if (!seen) {
      const handle = (await store.accountById(step.accountId))?.handle;
      seen = { at: 0, removed: 0, name: `@${handle ?? "?"} (#${step.accountId})` };
      told.set(step.accountId, seen);
    }
    seen.removed += step.removed;
    if (step.done) {
      told.delete(step.accountId);
      console.log(`p92: the deleted account ${seen.name}: everything it had is removed`);
    } else if (Date.now() - seen.at >= TELL_EVERY_MS) {
      seen.at = Date.now();
      console.log(
        `p92: the deleted account ${seen.name}: removing its ${step.stage} (${seen.removed} rows so far)`,
      );
    }
  };

  const running = (async () => {
    while (!stopped) {
      let wait: number;
      try {
        const delivered = await runtime.federationStorage.kv.get<number>(DELIVERY_CURSOR);
        const step = await store.purgeStep(delivered ?? 0, batch);
        if (step && !step.waiting) await tell(step);
        wait = !step ? IDLE_MS : step.waiting ? WAIT_FOR_DELIVERY_MS : pauseMs;
      } catch (error) {
        console.error("p92: the purge of a deleted account failed; trying again:", error);
        wait = RETRY_MS;
      }
      if (stopped) break;
      idle = wait === IDLE_MS;
      await sleep(wait);
      idle = false;
    }
  })();

  return {
    /** Resolves once the batch under way (if any) has committed. */
    stop: () => {
      stopped = true;
      unwatch();
      wake();
      return running;
    },
  };
}
