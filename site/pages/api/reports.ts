import { endpoint, json } from "../../server/http/endpoint.ts";
import { fileReport } from "../../server/moderation/reports.ts";

export const prerender = false;

/** POST /api/reports: reports a post or an account to this server's admins (server/moderation/reports.ts). */
export const POST = endpoint(async (call) => {
  const { report, created } = await fileReport(call);
  return json({ report, created }, created ? 201 : 200);
});
