import type { ApiError } from "../../../shared/sync.ts";

/** A request that cannot be served: answered as `{ error: { code, message, field? } }`. */
export class ApiFailure extends Error {
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
