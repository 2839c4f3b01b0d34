import { endpoint, handleParam, json } from "../../../server/http/endpoint.ts";
import { notFound } from "../../../server/http/errors.ts";
import { toAccount } from "../../../server/serialize.ts";

export const prerender = false;

/** GET /api/accounts/:handle: a public profile; also the account's stable URL. */
export const GET = endpoint(async (call) => {
  const handle = handleParam(call);
  const account = await call.runtime.store.accountByHandle(handle);
  if (!account) throw notFound(`@${handle}`);
  return json({ account: toAccount(call.runtime.config.publicUrl, account) });
});
