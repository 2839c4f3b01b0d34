import { bearerToken, hashToken } from "../../../server/auth/sessions.ts";
import { endpoint, requireAccount } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/auth/sign-out: revokes the bearer token of this request (204). */
export const POST = endpoint(async (call) => {
  await requireAccount(call);
  await call.runtime.store.deleteSession(hashToken(bearerToken(call.request)!));
  return new Response(null, { status: 204 });
});
