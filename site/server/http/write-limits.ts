import { ApiFailure } from "../../../shared/api-failure.ts";
import type { RateLimits } from "../config.ts";
import type { Call } from "./endpoint.ts";

/** What a write spends: a post (or a media upload), or any other action. */
export type WriteKind = "post" | "action";

const LIMITS: Record<WriteKind, { account: keyof RateLimits; address: keyof RateLimits }> = {
  post: { account: "postsPerAccount", address: "postsPerIp" },
  action: { account: "actionsPerAccount", address: "actionsPerIp" },
};

/**
 * Every write spends a token of its account's bucket and of its address's bucket (`count` of
 * each for a batch of posts). Past either limit it throws 429 with Retry-After (the seconds until
 * both have them), and spends neither.
 */
export async function spendWrite(
  call: Pick<Call, "runtime" | "ip">,
  accountId: number,
  kind: WriteKind,
  count = 1,
): Promise<void> {
  const { account, address } = LIMITS[kind];
  const wait = await call.runtime.limiter.tryTakeAll(
    [
      [account, String(accountId)],
      [address, call.ip],
    ],
    count,
  );
  if (wait > 0) {
    const what = kind === "post" ? "posts" : "actions";
    throw new ApiFailure(429, "rate_limited", `Too many ${what}; try again in ${wait} s`, undefined, {
      "Retry-After": String(wait),
    });
  }
}
