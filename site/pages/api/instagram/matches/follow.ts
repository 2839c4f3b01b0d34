import { followAll } from "../../../../server/graph/routes.ts";
import { endpoint, json } from "../../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/instagram/matches/follow: "Follow all". */
export const POST = endpoint(async (call) => json(await followAll(call)));
