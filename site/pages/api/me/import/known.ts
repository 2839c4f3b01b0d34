import { endpoint } from "../../../../server/http/endpoint.ts";
import { knownSources } from "../../../../server/archive/import-route.ts";

export const prerender = false;

/** POST /api/me/import/known: which archived posts were imported already (server/archive/import-route.ts). */
export const POST = endpoint(knownSources);
