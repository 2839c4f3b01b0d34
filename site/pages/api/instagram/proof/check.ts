import { checkProof } from "../../../../server/graph/proof.ts";
import { endpoint, json, requireAccount } from "../../../../server/http/endpoint.ts";

export const prerender = false;

/** POST /api/instagram/proof/check: the server reads the bio itself and links the handle. */
export const POST = endpoint(async (call) => json(await checkProof(call, await requireAccount(call))));
