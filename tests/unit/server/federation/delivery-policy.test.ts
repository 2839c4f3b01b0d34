import { describe, expect, it } from "vitest";
import { DEFAULT_DELIVERY_RETRY } from "../../../../site/server/config.ts";
import { deliveryRetryPolicy } from "../../../../site/server/federation/delivery-policy.ts";
import { duration } from "../../../../site/server/federation/temporal.ts";

const HOUR = 3_600_000;

/** The delays a delivery that always fails waits, in milliseconds, until it is given up. */
function schedule(policy: ReturnType<typeof deliveryRetryPolicy>): number[] {
  const delays: number[] = [];
  let elapsed = 0;
  for (let attempts = 0; attempts < 100; attempts++) {
    const next = policy({ elapsedTime: duration({ milliseconds: elapsed }), attempts });
    if (next === null) return delays;
    const ms = next.total({ unit: "millisecond" });
    delays.push(ms);
    elapsed += ms;
  }
  throw new Error("never gives up");
}

describe("the delivery retry policy that ships", () => {
  it("tries a failed delivery again over about two days, doubling up to 12 hours apart, then drops it", () => {
    let dropped = 0;
    const delays = schedule(deliveryRetryPolicy(DEFAULT_DELIVERY_RETRY, () => dropped++));
    expect(dropped).toBe(1);
    expect(delays[0]).toBeGreaterThanOrEqual(60_000);
    expect(delays[0]).toBeLessThanOrEqual(66_000);
    for (let i = 1; i < delays.length - 1; i++)
      expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]! * 0.9);
    expect(Math.max(...delays)).toBeLessThanOrEqual(12 * HOUR);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBe(48 * HOUR);
    expect(delays.length).toBeGreaterThanOrEqual(12);
    expect(delays.length).toBeLessThanOrEqual(16);
  });
});
