import { endpoint } from "../../../server/http/endpoint.ts";
import { searchPostPage } from "../../../server/search/search.ts";

export const prerender = false;

/** GET /api/search/posts?q=&before=&limit=: full-text search of the posts here, newest first. */
export const GET = endpoint(searchPostPage);
