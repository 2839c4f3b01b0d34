import { profileAnswer } from "../../../server/graph/relations.ts";
import { endpoint, json } from "../../../server/http/endpoint.ts";

export const prerender = false;

/**
 * GET /api/accounts/:handle: a public profile; also the account's stable URL. With a token, also
 * where the reader's follow of it stands (`following`, `requested` or `none`) and whether the
 * reader blocked or muted it; 404 for someone who blocked the reader.
 */
export const GET = endpoint(async (call) => json(await profileAnswer(call)));
