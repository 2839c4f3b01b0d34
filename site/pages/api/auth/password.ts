import { PasswordChange } from "../../../../shared/api.ts";
import { onChangePassword } from "../../../server/auth/accounts.ts";
import { endpoint, readJson, requireAccount } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/auth/password: `{ currentPassword, newPassword }`; other sessions are signed out (204). */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  await onChangePassword(call, accountId, await readJson(call.request, PasswordChange));
  return new Response(null, { status: 204 });
});
