import { describe, expect, it } from "vitest";
import { MAX_HOLD_MS, SignInGuard } from "../../../site/server/auth/sign-in-guard.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

function refusalOf(run: () => unknown): ApiFailure | null {
  try {
    run();
    return null;
  } catch (error) {
    return error as ApiFailure;
  }
}

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
    expect(refusalOf(() => guard.admit("owner", "198.51.100.7"))).toBeNull();
  });

  it("makes an address wait before guessing the same handle a sixth time, doubling, with Retry-After", () => {
    let now = 0;
    const guard = new SignInGuard(() => now);
    for (let i = 0; i < 5; i++) guard.failed("victim", "203.0.113.9");
    const refused = refusalOf(() => guard.admit("victim", "203.0.113.9"));
    expect(refused).toBeInstanceOf(ApiFailure);
    expect([refused?.status, refused?.headers["Retry-After"]]).toEqual([429, "1"]);
    // The same address may still sign in to another account.
    expect(refusalOf(() => guard.admit("own.account", "203.0.113.9"))).toBeNull();
    now += 1000;
    expect(refusalOf(() => guard.admit("victim", "203.0.113.9"))).toBeNull();
    guard.failed("victim", "203.0.113.9");
    expect(refusalOf(() => guard.admit("victim", "203.0.113.9"))?.message).toMatch(/try again in 2 s/);
  });

  it("makes an address that failed against twenty handles wait, even if it signs in to its own account between guesses", () => {
    const guard = new SignInGuard(() => 0);
    for (let i = 0; i < 19; i++) guard.failed(`victim${i}`, "203.0.113.9");
    guard.succeeded("own.account", "203.0.113.9");
    guard.failed("victim99", "203.0.113.9");
    expect(refusalOf(() => guard.admit("victim100", "203.0.113.9"))?.status).toBe(429);
  });

  it("forgets a handle's failures once the right password is given", () => {
    const guard = new SignInGuard(() => 0);
    for (let i = 0; i < 12; i++) guard.failed("owner", `198.51.100.${i}`);
    guard.succeeded("owner", "198.51.100.200");
    expect(guard.admit("owner", "198.51.100.201")).toBe(0);
  });

  it("checks at most two passwords at once for one address", async () => {
    const guard = new SignInGuard();
    let release = () => {};
    const pending = new Promise<boolean>((resolve) => (release = () => resolve(false)));
    const first = guard.attempt("a", "203.0.113.9", () => pending);
    const second = guard.attempt("b", "203.0.113.9", () => pending);
    await expect(guard.attempt("c", "203.0.113.9", async () => true)).rejects.toMatchObject({ status: 429 });
    await expect(guard.attempt("c", "198.51.100.7", async () => true)).resolves.toBe(true);
    release();
    expect(await Promise.all([first, second])).toEqual([false, false]);
    await expect(guard.attempt("c", "203.0.113.9", async () => true)).resolves.toBe(true);
  });
});
