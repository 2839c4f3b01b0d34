import { updateSettings } from "../../../server/graph/routes.ts";
import { endpoint, json } from "../../../server/http/endpoint.ts";

export const prerender = false;

/** PATCH /api/instagram/settings: `{ autoFollow }`. */
export const PATCH = endpoint(async (call) => json(await updateSettings(call)));
