import { ProfileUpdate } from "../../../shared/sync.ts";
import { endpoint, json, readJson, requireAccount } from "../../server/http/endpoint.ts";
import { found } from "../../server/http/errors.ts";
import { perform } from "../../server/operations.ts";
import { toAccount } from "../../server/serialize.ts";

export const prerender = false;

/** GET /api/me: the signed-in account, and whether it is one of this server's admins. */
export const GET = endpoint(async (call) => {
  const account = (await call.runtime.store.accountById(await requireAccount(call)))!;
  const { publicUrl, adminHandles } = call.runtime.config;
  return json({ account: toAccount(publicUrl, account), admin: adminHandles.includes(account.handle) });
});

/** PATCH /api/me: updates display name, bio, links or avatar. */
export const PATCH = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const profile = await readJson(call.request, ProfileUpdate);
  await perform(call, accountId, { type: "updateProfile", profile });
  const account = found(await call.runtime.store.accountById(accountId), "Your account");
  return json({ account: toAccount(call.runtime.config.publicUrl, account) });
});
