import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_PACING,
  ImportCancelled,
  backoffDelay,
  pacingWith,
  pageDelay,
  sleep,
} from "../../../extension/lib/import/pacing.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("pacing like a person", () => {
  it("ships 1-2 s between pages, a longer pause every 5 pages and 429 back-off from 1 to 15 minutes", () => {
    expect(DEFAULT_PACING).toEqual({
      pageDelayMinMs: 1000,
      pageDelayMaxMs: 2000,
      longPauseEvery: 5,
      longPauseMinMs: 8000,
      longPauseMaxMs: 15000,
      backoffStartMs: 60_000,
      backoffMaxMs: 900_000,
      maxRateLimitRetries: 8,
      maxNetworkRetries: 3,
    });
    expect(pacingWith(undefined)).toEqual(DEFAULT_PACING);
    expect(pacingWith({ pageDelayMinMs: -5 })).toEqual(DEFAULT_PACING);
    expect(pacingWith({ pageDelayMinMs: 10, pageDelayMaxMs: 20 })).toMatchObject({
      pageDelayMinMs: 10,
      pageDelayMaxMs: 20,
      backoffStartMs: 60_000,
    });
  });

  it("waits 1-2 s with jitter between pages and longer every fifth page", () => {
    expect(pageDelay(DEFAULT_PACING, 1, () => 0)).toBe(1000);
    expect(pageDelay(DEFAULT_PACING, 2, () => 1)).toBe(2000);
    expect(pageDelay(DEFAULT_PACING, 3, () => 0.5)).toBe(1500);
    expect(pageDelay(DEFAULT_PACING, 5, () => 0)).toBe(8000);
    expect(pageDelay(DEFAULT_PACING, 10, () => 1)).toBe(15000);
    const delays = Array.from({ length: 200 }, () => pageDelay(DEFAULT_PACING, 1));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });

  it("backs off 1, 2, 4, 8 minutes, then stays at 15", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(DEFAULT_PACING, n) / 60_000)).toEqual([
      1, 2, 4, 8, 15, 15, 15,
    ]);
  });

  it("sleeps the given time and stops at once when cancelled", async () => {
    vi.useFakeTimers();
    let woke = false;
    const nap = sleep(60_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await nap;
    expect(woke).toBe(true);

    const controller = new AbortController();
    const cancelled = sleep(15 * 60_000, controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(ImportCancelled);
  });
});
