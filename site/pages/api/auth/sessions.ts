import { endpoint, requireAccount } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** DELETE /api/auth/sessions: "sign out everywhere", this session included (204). */
export const DELETE = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  await call.runtime.store.deleteSessions(accountId, null);
  return new Response(null, { status: 204 });
});
