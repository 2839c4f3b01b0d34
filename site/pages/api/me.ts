import { ProfileUpdate } from "../../../shared/sync.ts";
import { endpoint, json, readJson, requireAccount } from "../../server/http/endpoint.ts";
import { found } from "../../server/http/errors.ts";
import { perform } from "../../server/operations.ts";
import { toAccount } from "../../server/serialize.ts";

export const prerender = false;

/** GET /api/me: the signed-in account. */
export const GET = endpoint(async (call) => {
  const account = (await call.runtime.store.accountById(await requireAccount(call)))!;
  return json({ account: toAccount(call.runtime.config.publicUrl, account) });
});

/** PATCH /api/me: updates display name, bio, links or avatar. */
export const PATCH = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const profile = await readJson(call.request, ProfileUpdate);
  await perform(call, accountId, { type: "updateProfile", profile });
  const account = found(await call.runtime.store.accountById(accountId), "Your account");
  return json({ account: toAccount(call.runtime.config.publicUrl, account) });
});
