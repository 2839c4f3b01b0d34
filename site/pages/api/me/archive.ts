import { endpoint } from "../../../server/http/endpoint.ts";
import { requestArchive } from "../../../server/archive/route.ts";

export const prerender = false;

/** POST /api/me/archive: where to download the signed-in account's data (server/archive/). */
export const POST = endpoint(requestArchive);
