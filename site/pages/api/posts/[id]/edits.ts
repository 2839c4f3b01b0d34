import { earlierTextsRoute } from "../../../../server/posts/edits.ts";

export const prerender = false;

/** GET /api/posts/:id/edits: the texts an edited post had, for its author (posts/edits.ts). */
export const GET = earlierTextsRoute;
