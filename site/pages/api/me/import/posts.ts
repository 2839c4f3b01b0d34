import { endpoint } from "../../../../server/http/endpoint.ts";
import { importPosts } from "../../../../server/archive/import-route.ts";

export const prerender = false;

/** POST /api/me/import/posts: a batch of posts from a P92 archive (server/archive/import-route.ts). */
export const POST = endpoint(importPosts);
