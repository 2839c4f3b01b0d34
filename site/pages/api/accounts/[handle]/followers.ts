import { followList } from "../../../../server/graph/follow-lists.ts";
import { endpoint, json } from "../../../../server/http/endpoint.ts";

export const prerender = false;

/** GET /api/accounts/:handle/followers?after=&limit=: who follows the account (graph/follow-lists.ts). */
export const GET = endpoint(async (call) => json(await followList(call, "followers")));
