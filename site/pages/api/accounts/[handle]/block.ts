import { actOnAccount } from "../../../../server/graph/relations.ts";
import { endpoint, json } from "../../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/accounts/:handle/block: block (idempotent). DELETE: unblock. See graph/relations.ts. */
export const POST = endpoint(async (call) => json(await actOnAccount(call, "block")));
export const DELETE = endpoint(async (call) => json(await actOnAccount(call, "unblock")));
