import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../../../site/server/config.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { RateLimiter } from "../../../site/server/http/rate-limit.ts";

describe("rate limiter", () => {
  it("lets the configured number of attempts through, then answers 429 with Retry-After", () => {
    let now = 0;
    const limiter = new RateLimiter(
      { ...DEFAULT_RATE_LIMITS, actionsPerAccount: { count: 3, seconds: 30 } },
      () => now,
    );
    for (let i = 0; i < 3; i++) limiter.take("actionsPerAccount", "alice");
    let failure: unknown;
    try {
      limiter.take("actionsPerAccount", "alice");
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).status).toBe(429);
    expect((failure as ApiFailure).headers["Retry-After"]).toBe("10");
    // Another handle has its own bucket.
    expect(limiter.tryTake("actionsPerAccount", "bob")).toBe(0);
    now += 10_000;
    expect(limiter.tryTake("actionsPerAccount", "alice")).toBe(0);
  });
});

describe("a write that spends two buckets", () => {
  it("spends neither when one of them is empty", () => {
    const limiter = new RateLimiter({
      ...DEFAULT_RATE_LIMITS,
      actionsPerAccount: { count: 5, seconds: 60 },
      actionsPerIp: { count: 1, seconds: 60 },
    });
    const both = () =>
      limiter.tryTakeAll([
        ["actionsPerAccount", "alice"],
        ["actionsPerIp", "203.0.113.9"],
      ]);
    expect(both()).toBe(0);
    for (let i = 0; i < 10; i++) expect(both()).toBeGreaterThan(0);
    // Alice's own bucket lost only the one token of the write that went through.
    for (let i = 0; i < 4; i++) expect(limiter.tryTake("actionsPerAccount", "alice")).toBe(0);
    expect(limiter.tryTake("actionsPerAccount", "alice")).toBeGreaterThan(0);
  });
});
