import { relationList } from "../../../server/graph/relations.ts";
import { endpoint, json } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** GET /api/me/blocks?before=&limit=: the accounts the signed-in account blocked, newest first. */
export const GET = endpoint(async (call) => json(await relationList(call, "block")));
