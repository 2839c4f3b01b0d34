import { endpoint } from "../../../server/http/endpoint.ts";
import { archiveResponse } from "../../../server/archive/route.ts";

export const prerender = false;

/** GET /api/me/archive: the signed-in account's data as one ZIP (server/archive/). */
export const GET = endpoint(archiveResponse);
