import { endpoint } from "../../server/http/endpoint.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";

export const prerender = false;

/**
 * /.well-known/: WebFinger and NodeInfo are answered by federation in site/middleware.ts before
 * this route runs; this route gives the middleware its runtime and answers any other name 404.
 */
export const ALL = endpoint((call) => {
  throw new ApiFailure(404, "not_found", `Nothing at ${call.context.url.pathname}`);
});
