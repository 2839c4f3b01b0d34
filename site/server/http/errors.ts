import type { ServerResponse } from "node:http";
import type { ApiError } from "../../../shared/sync.ts";

const BRAND = Symbol.for("p92.ApiFailure");

/** A request that cannot be served: answered as `{ error: { code, message, field? } }`. */
export class ApiFailure extends Error {
  /**
   * site/server/serve.ts runs the server's modules from source while Astro's build bundles its
   * own copy of them, so a failure thrown by the runtime serve.ts made (a rate limit) is an
   * instance of the other copy's class: `instanceof` looks for this mark instead.
   */
  readonly [BRAND] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiFailure";
    this.status = status;
    this.code = code;
    this.field = field;
    this.headers = headers;
  }

  get body(): { error: ApiError } {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}

export const notFound = (what: string, field?: string) =>
  new ApiFailure(404, "not_found", `${what} not found`, field);

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
