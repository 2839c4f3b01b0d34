import { endpoint } from "../../server/http/endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

export const prerender = false;

/** /nodeinfo/2.1 is answered by federation in site/middleware.ts; other versions are not served. */
export const ALL = endpoint((call) => {
  throw new ApiFailure(404, "not_found", `Nothing at ${call.context.url.pathname}`);
});
