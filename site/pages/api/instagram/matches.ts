import { matches } from "../../../server/graph/routes.ts";
import { endpoint, json } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** GET /api/instagram/matches: people you follow on Instagram who proved their handle here. */
export const GET = endpoint(async (call) => json(await matches(call)));
