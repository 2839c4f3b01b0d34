import { listNotifications } from "../../server/graph/routes.ts";
import { endpoint, json } from "../../server/http/endpoint.ts";

export const prerender = false;

/** GET /api/notifications: newest first (`?before&limit`), with the unread count. */
export const GET = endpoint(async (call) => json(await listNotifications(call)));
