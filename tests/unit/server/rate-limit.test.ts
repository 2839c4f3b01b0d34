import { afterEach, describe, expect, it } from "vitest";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "../../../site/server/config.ts";
import { RateLimiter, spend, take, tryTake, type Limiter } from "../../../site/server/http/rate-limit.ts";
import { PostgresRateLimiter } from "../../../site/server/storage/postgres/rate-limits.ts";
import { freshDatabaseUrl, TEST_STORE } from "../../support/test-store.ts";

// The in-memory limiter (SQLite: one process) and, in the `postgres` run, the one every process
// shares through the database: the same behaviour from both.
const opened: Limiter[] = [];
afterEach(() => {
  for (const limiter of opened.splice(0)) limiter.close();
});

async function limiterOf(limits: RateLimits, now?: () => number): Promise<Limiter> {
  const limiter =
    TEST_STORE === "postgres"
      ? new PostgresRateLimiter(await freshDatabaseUrl(), limits, now)
      : new RateLimiter(limits, now);
  opened.push(limiter);
  return limiter;
}

describe(`rate limiter (${TEST_STORE})`, () => {
  it("lets the configured number of attempts through, then answers 429 with Retry-After", async () => {
    let now = 1_000_000;
    const limiter = await limiterOf(
      { ...DEFAULT_RATE_LIMITS, actionsPerAccount: { count: 3, seconds: 30 } },
      () => now,
    );
    for (let i = 0; i < 3; i++) await take(limiter, "actionsPerAccount", "alice");
    const failure = await take(limiter, "actionsPerAccount", "alice").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).status).toBe(429);
    expect((failure as ApiFailure).headers["Retry-After"]).toBe("10");
    // Another handle has its own bucket.
    expect(await tryTake(limiter, "actionsPerAccount", "bob")).toBe(0);
    now += 10_000;
    expect(await tryTake(limiter, "actionsPerAccount", "alice")).toBe(0);
  });

  it("spends neither of two buckets when one of them is empty", async () => {
    const limiter = await limiterOf({
      ...DEFAULT_RATE_LIMITS,
      actionsPerAccount: { count: 5, seconds: 60 },
      actionsPerIp: { count: 1, seconds: 60 },
    });
    const both = () =>
      limiter.tryTakeAll([
        ["actionsPerAccount", "alice"],
        ["actionsPerIp", "203.0.113.9"],
      ]);
    expect(await both()).toBe(0);
    for (let i = 0; i < 10; i++) expect(await both()).toBeGreaterThan(0);
    // Alice's own bucket lost only the one token of the write that went through.
    for (let i = 0; i < 4; i++) expect(await tryTake(limiter, "actionsPerAccount", "alice")).toBe(0);
    expect(await tryTake(limiter, "actionsPerAccount", "alice")).toBeGreaterThan(0);
  });

  it("takes a batch's tokens all at once or not at all, and waits until all of them are there", async () => {
    let now = 1_000_000;
    const limiter = await limiterOf(
      { ...DEFAULT_RATE_LIMITS, postsPerAccount: { count: 30, seconds: 60 } },
      () => now,
    );
    const batch = (cost: number) => limiter.tryTakeAll([["postsPerAccount", "alice"]], cost);
    expect(await batch(20)).toBe(0);
    // 10 left: a second batch of 20 takes nothing and waits for the 10 more (2 s each).
    expect(await batch(20)).toBe(20);
    expect(await batch(10)).toBe(0);
    now += 40_000;
    expect(await batch(20)).toBe(0);
    // More than the bucket holds costs its whole count rather than never passing.
    now += 60_000;
    expect(await batch(500)).toBe(0);
    expect(await batch(1)).toBeGreaterThan(0);
  });
});

describe("token bucket arithmetic", () => {
  it("never takes tokens away for a clock that reads earlier than the bucket's last spend", () => {
    const limits = { ...DEFAULT_RATE_LIMITS, postsPerIp: { count: 100_000_000, seconds: 1 } };
    // Another process spent the bucket at 1,001 ms; this one read its clock at 1,000 ms.
    const { wait, buckets } = spend(
      limits,
      [["postsPerIp", "a"]],
      [{ tokens: 99_999_999, updated: 1001 }],
      1000,
    );
    expect(wait).toBe(0);
    expect(buckets[0]).toEqual({ tokens: 99_999_998, updated: 1001 });
  });
});

describe.skipIf(TEST_STORE !== "postgres")("rate limits shared by several processes", () => {
  it("allow through two processes together what one process would", async () => {
    const url = await freshDatabaseUrl();
    const limits = { ...DEFAULT_RATE_LIMITS, actionsPerAccount: { count: 10, seconds: 3600 } };
    const one = new PostgresRateLimiter(url, limits);
    const two = new PostgresRateLimiter(url, limits);
    opened.push(one, two);
    const waits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => tryTake(i % 2 ? one : two, "actionsPerAccount", "alice")),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
  });
});
