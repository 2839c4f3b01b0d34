import { endpoint, json } from "../../../server/http/endpoint.ts";
import { moderate, moderationLog } from "../../../server/moderation/admin.ts";

export const prerender = false;

/** GET /api/admin/actions?before=&limit=: the admins' log, newest first (admins only). */
export const GET = endpoint(async (call) => json(await moderationLog(call)));

/** POST /api/admin/actions: dismiss a report, delete a post, block or unblock a server; logged. */
export const POST = endpoint(async (call) => json({ action: await moderate(call) }, 201));
