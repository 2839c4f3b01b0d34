import { endpoint } from "../../../server/http/endpoint.ts";
import { searchPeople } from "../../../server/search/search.ts";

export const prerender = false;

/** GET /api/search/accounts?q=&limit=: people by the start of their handle or name, best first. */
export const GET = endpoint(searchPeople);
