import { SignUpRequest } from "../../../../shared/api.ts";
import { onSignUp } from "../../../server/auth/accounts.ts";
import { endpoint, json, readJson } from "../../../server/http/endpoint.ts";
import { toAccount } from "../../../server/serialize.ts";

export const prerender = false;

/** POST /api/auth/sign-up: creates an account and signs it in (201 { token, account }). */
export const POST = endpoint(async (call) => {
  const session = await onSignUp(call, await readJson(call.request, SignUpRequest));
  return json(
    { token: session.token, account: toAccount(call.runtime.config.publicUrl, session.account) },
    201,
  );
});
