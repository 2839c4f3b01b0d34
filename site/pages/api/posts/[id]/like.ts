import { interactionRoutes } from "../../../../server/posts/interactions.ts";

export const prerender = false;

/** POST /api/posts/:id/like likes, DELETE unlikes; both answer { post }. */
export const { POST, DELETE } = interactionRoutes("like");
