import { markRead } from "../../../server/graph/routes.ts";
import { endpoint, json } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/notifications/read: `{ upTo? }` marks read up to that id (all when absent). */
export const POST = endpoint(async (call) => json(await markRead(call)));
