import { endpoint, json } from "../../../server/http/endpoint.ts";
import { reportQueue } from "../../../server/moderation/admin.ts";

export const prerender = false;

/** GET /api/admin/reports?status=&before=&limit=: the report queue, newest first (admins only). */
export const GET = endpoint(async (call) => json(await reportQueue(call)));
