import { describe, expect, it } from "vitest";
import { MAX_HOLD_MS, SignInGuard } from "../../../site/server/auth/sign-in-guard.ts";
import { ApiFailure } from "../../../site/server/http/errors.ts";

describe("sign-in guard", () => {
  it("lets the first attempts through at once, then holds attempts on a guessed-at handle, at most 10 s", () => {
    let now = 0;
    const guard = new SignInGuard(() => now);
    for (let i = 0; i < 5; i++) {
      expect(guard.admit("owner", `198.51.100.${i}`)).toBe(0);
      guard.failed("owner", `198.51.100.${i}`);
    }
    expect(guard.admit("owner", "192.0.2.1")).toBe(500);
    for (let i = 0; i < 20; i++) guard.failed("owner", `203.0.113.${i}`);
    expect(guard.admit("owner", "192.0.2.1")).toBe(MAX_HOLD_MS);
    expect(MAX_HOLD_MS).toBe(10_000);
    // Another handle is not slowed down by them.
    expect(guard.admit("someone.else", "192.0.2.1")).toBe(0);
    // Fifteen quiet minutes and the handle starts afresh.
    now += 15 * 60 * 1000 + 1;
    expect(guard.admit("owner", "192.0.2.1")).toBe(0);
  });

  it("never refuses the owner's address because of someone else's failures", () => {
    const guard = new SignInGuard(() => 0);
    for (let i = 0; i < 50; i++) guard.failed("owner", "203.0.113.9");
    expect(() => guard.admit("owner", "198.51.100.7")).not.toThrow();
  });

  it("makes an address that failed ten times wait, doubling, with Retry-After", () => {
    let now = 0;
    const guard = new SignInGuard(() => now);
    for (let i = 0; i < 10; i++) guard.failed(`victim${i}`, "203.0.113.9");
    let refused: unknown;
    try {
      guard.admit("victim99", "203.0.113.9");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiFailure);
    expect((refused as ApiFailure).status).toBe(429);
    expect((refused as ApiFailure).headers["Retry-After"]).toBe("1");
    now += 1000;
    expect(guard.admit("victim99", "203.0.113.9")).toBe(0);
    guard.failed("victim99", "203.0.113.9");
    expect(() => guard.admit("victim99", "203.0.113.9")).toThrow(/try again in 2 s/);
  });

  it("forgets a handle's and an address's failures once the right password is given", () => {
    const guard = new SignInGuard(() => 0);
    for (let i = 0; i < 12; i++) guard.failed("owner", "198.51.100.7");
    guard.succeeded("owner", "198.51.100.7");
    expect(guard.admit("owner", "198.51.100.7")).toBe(0);
  });
});
