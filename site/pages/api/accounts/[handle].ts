import { endpoint, handleParam, json } from "../../../server/http/endpoint.ts";
import { notFound } from "../../../server/http/errors.ts";
import { readerOf } from "../../../server/posts/pages.ts";
import { toAccount } from "../../../server/serialize.ts";

export const prerender = false;

/**
 * GET /api/accounts/:handle: a public profile; also the account's stable URL. With a token, also
 * where the reader's follow of it stands (`following`, `requested` or `none`).
 */
export const GET = endpoint(async (call) => {
  const handle = handleParam(call);
  const { store, config } = call.runtime;
  const account = await store.accountByHandle(handle);
  if (!account) throw notFound(`@${handle}`);
  const reader = await readerOf(call);
  const follow =
    reader === null || reader === account.id ? undefined : await store.followState(reader, account.id);
  return json({ account: toAccount(config.publicUrl, account), ...(follow ? { follow } : {}) });
});
