import { AccountDeletion, onDeleteAccount } from "../../../server/auth/accounts.ts";
import { endpoint, json, readJson, requireAccount } from "../../../server/http/endpoint.ts";

export const prerender = false;

/**
 * POST /api/me/delete: `{ password }`; the account is deleted (202 `{ handle, reservedUntil }`),
 * what it had is removed in the background.
 */
export const POST = endpoint(async (call) => {
  const accountId = await requireAccount(call);
  const request = await readJson(call.request, AccountDeletion);
  return json(await onDeleteAccount(call, accountId, request), 202);
});
