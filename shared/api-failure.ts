import type { ApiError } from "./sync.ts";

const BRAND = Symbol.for("p92.ApiFailure");

/**
 * A request a P92 server refused or could not serve, the same class on both sides: the server
 * throws it and answers `{ error: { code, message, field? } }` with its status; the site's API
 * client throws it again from that answer (status 0: no answer came, e.g. offline).
 */
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
  /** Headers the answer carries (e.g. Retry-After). */
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
