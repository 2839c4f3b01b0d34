import { listsSummary, uploadLists } from "../../../server/graph/routes.ts";
import { endpoint, json } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/instagram/lists: upload the imported handle lists. GET: how many are uploaded. */
export const POST = endpoint(async (call) => json(await uploadLists(call)));
export const GET = endpoint(async (call) => json(await listsSummary(call)));
