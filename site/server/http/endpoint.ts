import type { APIContext, APIRoute } from "astro";
import * as v from "valibot";
import { validate, type FieldError } from "../../../shared/validate.ts";
import { authenticate } from "../auth/sessions.ts";
import type { Runtime } from "../runtime.ts";
import { rateLimitKey } from "./client-address.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { decodePathPart } from "../../../shared/site-paths.ts";
import { errorResponse } from "./errors.ts";

/** JSON bodies are small: a profile, a post, a sign-in. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** A full sync batch: 100 posts of 500 graphemes, each grapheme possibly a long emoji sequence. */
export const MAX_SYNC_BYTES = 8 * 1024 * 1024;

export interface Call {
  context: APIContext;
  request: Request;
  runtime: Runtime;
  /**
   * The caller's address as rate limits count it (behind trusted proxies, the client's; an IPv6
   * /64 as one).
   */
  ip: string;
}

/** The runtime serve.ts hands to every request; Astro alone (`astro dev`) has none. */
export function runtimeOf(context: { locals: App.Locals }): Runtime {
  const { runtime } = context.locals;
  if (!runtime)
    throw new Error("P92's API runs behind site/server/serve.ts (npm start), which provides its runtime");
  return runtime;
}

/**
 * Wraps a route handler: every failure becomes a JSON error with its status, and anything
 * unexpected a 500 that says nothing about the internals.
 */
export function endpoint(handler: (call: Call) => Promise<Response> | Response): APIRoute {
  return async (context) => {
    try {
      const runtime = runtimeOf(context);
      const ip = rateLimitKey(context.locals.clientAddress);
      return await handler({ context, request: context.request, runtime, ip });
    } catch (error) {
      if (error instanceof ApiFailure) return errorResponse(error);
      console.error(error);
      return errorResponse(new ApiFailure(500, "internal", "The server failed to handle this request"));
    }
  };
}

/** Reads at most `limit` bytes of body, refusing more with 413 without reading it all. */
export async function readBody(request: Request, limit = MAX_JSON_BYTES): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readBodyText(request: Request, limit = MAX_JSON_BYTES): Promise<string> {
  return (await readBody(request, limit)).toString("utf8");
}

const tooLarge = (limit: number) =>
  new ApiFailure(413, "too_large", `The request body is larger than the limit of ${limit} bytes`);

/** Parses a JSON body and checks it against a shared schema: 400 if not JSON, 422 if invalid. */
export async function readJson<S extends v.GenericSchema>(
  request: Request,
  schema: S,
  limit = MAX_JSON_BYTES,
): Promise<v.InferOutput<S>> {
  const text = await readBodyText(request, limit);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new ApiFailure(400, "invalid_json", "The request body is not valid JSON");
  }
  return checked(schema, input);
}

export function checked<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = validate(schema, input);
  if (!result.ok) throw invalid(result);
  return result.value;
}

/** The 422 of input a schema refused, naming the first field at fault. */
export function invalid(result: { errors: FieldError[]; message: string }): ApiFailure {
  return new ApiFailure(422, "invalid", result.message, result.errors[0]?.field || undefined);
}

/** The signed-in account of this request, or 401. */
export async function requireAccount(call: Call): Promise<number> {
  const accountId = await authenticate(call.runtime.store, call.request);
  if (accountId === null) {
    throw new ApiFailure(401, "unauthenticated", "Sign in first: send Authorization: Bearer <token>");
  }
  return accountId;
}

/** A JSON answer; a promise is refused at compile time (it would serialize as `{}`). */
export function json<T>(
  body: T extends PromiseLike<unknown> ? never : T,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * The `:handle` of a route, decoded: someone on another server is `user@host`, which a client
 * sends as `user%40host`. What cannot be decoded is taken as it came (and found by no one).
 */
export function handleParam(call: Call): string {
  const raw = call.context.params.handle ?? "";
  return decodePathPart(raw) ?? raw;
}
