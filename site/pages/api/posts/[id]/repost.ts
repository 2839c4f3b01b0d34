import { interactionRoutes } from "../../../../server/posts/interactions.ts";

export const prerender = false;

/** POST /api/posts/:id/repost reposts, DELETE takes it back; both answer { post }. */
export const { POST, DELETE } = interactionRoutes("repost");
