import type { MessageQueueEnqueueOptions } from "@fedify/fedify";

/**
 * Messages as both queues store them: JSON text each, and when they may run (ms since the epoch,
 * whole, never earlier than asked). A message JSON cannot hold fails its own enqueue here, not the
 * others written with it.
 */
export function queuedRows(
  messages: readonly unknown[],
  options: MessageQueueEnqueueOptions | undefined,
): { rows: string[]; runAt: number } {
  const delay = options?.delay?.total({ unit: "millisecond" }) ?? 0;
  if (delay < 0) throw new RangeError("A message's delay cannot be negative");
  const rows = messages.map((message) => {
    const row = JSON.stringify(message) as string | undefined;
    if (typeof row !== "string") throw new TypeError("A queued message must be JSON");
    return row;
  });
  return { rows, runAt: Math.ceil(Date.now() + delay) };
}
