import { SignInRequest } from "../../../../shared/api.ts";
import { onSignIn } from "../../../server/auth/accounts.ts";
import { endpoint, json, readJson } from "../../../server/http/endpoint.ts";
import { toAccount } from "../../../server/serialize.ts";

export const prerender = false;

/** POST /api/auth/sign-in: { token, account } for the right handle and password. */
export const POST = endpoint(async (call) => {
  const session = await onSignIn(call, await readJson(call.request, SignInRequest));
  return json({ token: session.token, account: toAccount(call.runtime.config.publicUrl, session.account) });
});
