import type { KvStore, RetryPolicy } from "@fedify/fedify";
import type { DeliveryRetry } from "../config.ts";
import { duration } from "./temporal.ts";

/** How many deliveries were given up, in the key-value store. */
const DROPPED = ["p92", "delivery", "dropped"] as const;

/**
 * When to try a failed delivery again: `firstSeconds` after the first failure, twice as long after
 * each next one (up to a tenth longer, so that deliveries failing together do not all come back
 * together), at most `maxSeconds` apart; `giveUpSeconds` after the first attempt it is dropped
 * (null), and `onGiveUp` counts it.
 */
export function deliveryRetryPolicy(retry: DeliveryRetry, onGiveUp: () => void): RetryPolicy {
  return ({ elapsedTime, attempts }) => {
    const elapsedMs = elapsedTime.total({ unit: "millisecond" });
    const leftMs = retry.giveUpSeconds * 1000 - elapsedMs;
    if (leftMs <= 0) {
      onGiveUp();
      return null;
    }
    const backoffMs = retry.firstSeconds * 1000 * 2 ** Math.min(attempts, 40) * (1 + Math.random() / 10);
    const delayMs = Math.min(backoffMs, retry.maxSeconds * 1000, leftMs);
    return duration({ milliseconds: Math.max(1, Math.round(delayMs)) });
  };
}

/** Counts one delivery given up (out of retries, held too long, or the inbox is gone). */
export async function countDroppedDelivery(kv: Required<Pick<KvStore, "get" | "cas">>): Promise<void> {
  for (let tries = 0; tries < 10; tries++) {
    const count = await kv.get<number>(DROPPED);
    if (await kv.cas(DROPPED, count, (count ?? 0) + 1)) return;
  }
}

/** How many deliveries were given up since the server first ran. */
export async function droppedDeliveries(kv: Pick<KvStore, "get">): Promise<number> {
  return (await kv.get<number>(DROPPED)) ?? 0;
}
