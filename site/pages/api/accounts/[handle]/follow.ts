import { endpoint, handleParam, json, requireAccount, type Call } from "../../../../server/http/endpoint.ts";
import { handleToFollow } from "../../../../server/federation/lookup.ts";
import { found } from "../../../../server/http/errors.ts";
import { perform } from "../../../../server/operations.ts";
import { toAccount } from "../../../../server/serialize.ts";

export const prerender = false;

/**
 * Follows or unfollows (someone elsewhere by `user@host`, looked up through WebFinger when unknown
 * here); answers the account and where the follow stands: `following`, `requested`
 * (someone on another server, until their server accepts) or `none`.
 */
async function setFollow(call: Call, type: "follow" | "unfollow") {
  const accountId = await requireAccount(call);
  const handle = await handleToFollow(call, accountId, handleParam(call), { fetch: type === "follow" });
  await perform(call, accountId, { type, handle });
  const { store, config } = call.runtime;
  const account = found(await store.accountByHandle(handle), `@${handle}`);
  return json({
    account: toAccount(config.publicUrl, account),
    follow: await store.followState(accountId, account.id),
  });
}

/** POST /api/accounts/:handle/follow: follow (idempotent). DELETE: unfollow. */
export const POST = endpoint((call) => setFollow(call, "follow"));
export const DELETE = endpoint((call) => setFollow(call, "unfollow"));
