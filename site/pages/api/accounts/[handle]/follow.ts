import { actOnAccount } from "../../../../server/graph/relations.ts";
import { endpoint, json } from "../../../../server/http/endpoint.ts";

export const prerender = false;

/**
 * POST /api/accounts/:handle/follow: follow (idempotent; someone elsewhere by `user@host`, looked
 * up through WebFinger when unknown here). DELETE: unfollow. Answers the account and where the
 * follow stands: `following`, `requested` (someone on another server, until their server
 * accepts) or `none` (see graph/relations.ts).
 */
export const POST = endpoint(async (call) => json(await actOnAccount(call, "follow")));
export const DELETE = endpoint(async (call) => json(await actOnAccount(call, "unfollow")));
