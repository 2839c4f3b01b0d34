import type { ServerResponse } from "node:http";
import { ApiFailure } from "../../../shared/api-failure.ts";

export const notFound = (what: string, field?: string) =>
  new ApiFailure(404, "not_found", `${what} not found`, field);

/** The record a route answers with, or its 404 when there is none (any more). */
export function found<T>(record: T | null, what: string): T {
  if (record === null) throw notFound(what);
  return record;
}

export function errorResponse(failure: ApiFailure): Response {
  return Response.json(failure.body, { status: failure.status, headers: failure.headers });
}

/** The same JSON error, written on a Node response (for what serve.ts answers itself). */
export function writeFailure(response: ServerResponse, failure: ApiFailure): void {
  response
    .writeHead(failure.status, {
      ...failure.headers,
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
    })
    .end(JSON.stringify(failure.body));
}
