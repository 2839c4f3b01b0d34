import { endpoint, json, requireAccount, type Call } from "../../../../server/http/endpoint.ts";
import { found } from "../../../../server/http/errors.ts";
import { perform } from "../../../../server/operations.ts";
import { toAccount } from "../../../../server/serialize.ts";

export const prerender = false;

async function setFollow(call: Call, type: "follow" | "unfollow") {
  const accountId = await requireAccount(call);
  const handle = call.context.params.handle ?? "";
  await perform(call, accountId, { type, handle });
  const account = found(await call.runtime.store.accountByHandle(handle), `@${handle}`);
  return json({ account: toAccount(call.runtime.config.publicUrl, account) });
}

/** POST /api/accounts/:handle/follow: follow (idempotent). DELETE: unfollow. */
export const POST = endpoint((call) => setFollow(call, "follow"));
export const DELETE = endpoint((call) => setFollow(call, "unfollow"));
