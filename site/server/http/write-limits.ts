import type { RateLimits } from "../config.ts";
import type { Call } from "./endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

/** What a write spends: a post (or a media upload), or any other action. */
export type WriteKind = "post" | "action";

const LIMITS: Record<WriteKind, { account: keyof RateLimits; address: keyof RateLimits }> = {
  post: { account: "postsPerAccount", address: "postsPerIp" },
  action: { account: "actionsPerAccount", address: "actionsPerIp" },
};

/**
 * Every write spends a token of its account's bucket and of its address's bucket. Answers 0 when
 * both had one, or how many seconds until both do (and then neither is spent).
 */
export function tryWrite(call: Pick<Call, "runtime" | "ip">, accountId: number, kind: WriteKind): number {
  const { account, address } = LIMITS[kind];
  return call.runtime.limiter.tryTakeAll([
    [account, String(accountId)],
    [address, call.ip],
  ]);
}

/** The same, for a route: past the limit it throws 429 with Retry-After. */
export function spendWrite(call: Call, accountId: number, kind: WriteKind): void {
  const wait = tryWrite(call, accountId, kind);
  if (wait > 0) throw rateLimited(kind, wait);
}

export function rateLimited(kind: WriteKind, seconds: number): ApiFailure {
  const what = kind === "post" ? "posts" : "actions";
  return new ApiFailure(429, "rate_limited", `Too many ${what}; try again in ${seconds} s`, undefined, {
    "Retry-After": String(seconds),
  });
}
