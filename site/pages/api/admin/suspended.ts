import { endpoint, json } from "../../../server/http/endpoint.ts";
import { suspendedAccounts } from "../../../server/moderation/admin.ts";

export const prerender = false;

/** GET /api/admin/suspended?after=: the suspended accounts, by handle (admins only). */
export const GET = endpoint(async (call) => json(await suspendedAccounts(call)));
