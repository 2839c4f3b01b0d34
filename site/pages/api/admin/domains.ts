import { endpoint, json } from "../../../server/http/endpoint.ts";
import { blockedDomains } from "../../../server/moderation/admin.ts";

export const prerender = false;

/** GET /api/admin/domains?after=: the blocked servers, by name (admins only). */
export const GET = endpoint(async (call) => json(await blockedDomains(call)));
