import { ApiFailure } from "../../../../../shared/api-failure.ts";
import { readRemoteHandle } from "../../../../../shared/schema/common.ts";
import { endpoint, handleParam, json, requireAccount, type Call } from "../../../../server/http/endpoint.ts";
import { found } from "../../../../server/http/errors.ts";
import { perform } from "../../../../server/operations.ts";
import { toAccount } from "../../../../server/serialize.ts";

export const prerender = false;

async function setFollow(call: Call, type: "follow" | "unfollow") {
  const accountId = await requireAccount(call);
  const handle = handleParam(call);
  if (readRemoteHandle(handle)) {
    // A follow of someone elsewhere waits for their server's Accept: it comes with delivery.
    throw new ApiFailure(
      422,
      "remote_follow_unavailable",
      "Following people on other servers is not available yet",
      "handle",
    );
  }
  await perform(call, accountId, { type, handle });
  const account = found(await call.runtime.store.accountByHandle(handle), `@${handle}`);
  return json({ account: toAccount(call.runtime.config.publicUrl, account) });
}

/** POST /api/accounts/:handle/follow: follow (idempotent). DELETE: unfollow. */
export const POST = endpoint((call) => setFollow(call, "follow"));
export const DELETE = endpoint((call) => setFollow(call, "unfollow"));
