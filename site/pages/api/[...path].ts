import { endpoint } from "../../server/http/endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

export const prerender = false;

/** Any other /api/ path: a JSON 404, like every other API error. */
export const ALL = endpoint((call) => {
  throw new ApiFailure(404, "no_route", `No API route ${call.request.method} ${call.context.url.pathname}`);
});
