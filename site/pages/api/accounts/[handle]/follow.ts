import { endpoint, json, requireAccount, type Call } from "../../../../server/http/endpoint.ts";
import { spendWrite } from "../../../../server/http/write-limits.ts";
import { failureOf } from "../../../../server/posts/outcomes.ts";
import { toAccount } from "../../../../server/serialize.ts";

export const prerender = false;

async function setFollow(call: Call, active: boolean) {
  const accountId = await requireAccount(call);
  spendWrite(call, accountId, "action");
  const handle = call.context.params.handle ?? "";
  const result = await call.runtime.store.setFollow(accountId, handle, active);
  if (typeof result === "string") throw failureOf({ status: result, id: `@${handle}` })!;
  return json({ account: toAccount(call.runtime.config.publicUrl, result) });
}

/** POST /api/accounts/:handle/follow: follow (idempotent). DELETE: unfollow. */
export const POST = endpoint((call) => setFollow(call, true));
export const DELETE = endpoint((call) => setFollow(call, false));
