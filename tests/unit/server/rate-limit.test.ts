import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../../../site/server/config.ts";
import { ApiFailure } from "../../../site/server/http/errors.ts";
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
