import { endpoint } from "../../../server/http/endpoint.ts";
import { serveMedia } from "../../../server/media/serve.ts";

export const prerender = false;

/** GET /api/media/:file: a stored photo, preview or video, with Range support. */
export const GET = endpoint((call) =>
  serveMedia(call.runtime.config.dataDir, call.context.params.file ?? "", call.request.headers.get("range")),
);
