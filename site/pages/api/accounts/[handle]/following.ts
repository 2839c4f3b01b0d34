import { followList } from "../../../../server/graph/follow-lists.ts";
import { endpoint, json } from "../../../../server/http/endpoint.ts";

export const prerender = false;

/** GET /api/accounts/:handle/following?after=&limit=: whom the account follows (graph/follow-lists.ts). */
export const GET = endpoint(async (call) => json(await followList(call, "following")));
