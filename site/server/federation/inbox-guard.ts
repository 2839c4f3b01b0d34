import { ApiFailure } from "../../../shared/api-failure.ts";
import { readBody } from "../http/endpoint.ts";
import type { Runtime } from "../runtime.ts";
import { isBlockedHost } from "./blocked-domains.ts";

/** An activity is a few kilobytes; 1 MiB is generous and bounds what Fedify parses. */
export const MAX_INBOX_BYTES = 1024 * 1024;
/** Real activities nest a handful of levels (an Undo of a Like of a note); JSON-LD expansion recurses. */
export const MAX_JSON_DEPTH = 32;

/**
 * What an inbox POST must pass before Fedify reads it, cheapest first: not from a blocked server
 * (403), within the sending server's rate (429, which senders retry), a body of at most 1 MiB (413,
 * refused before reading on) and JSON nested at most 32 deep (400). The server is the host of
 * the signature's key id (the signature itself is Fedify's to check); an unsigned request counts
 * against its address. Answers the request to hand on, its body read once, or the refusal.
 */
export async function guardInbox(
  request: Request,
  runtime: Runtime,
  address: string,
): Promise<Request | ApiFailure> {
  if (request.method !== "POST") return request;
  const signer = signerHost(request.headers);
  if (signer && isBlockedHost(signer, runtime.config.blockedDomains)) {
    return new ApiFailure(403, "blocked", "This server does not federate with yours");
  }
  const wait = runtime.limiter.tryTake("inboxPerDomain", signer ?? address);
  if (wait > 0) {
    return new ApiFailure(429, "rate_limited", `Too many activities; try again in ${wait} s`, undefined, {
      "Retry-After": String(wait),
    });
  }
  let body: Buffer;
  try {
    body = await readBody(request, MAX_INBOX_BYTES);
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  if (jsonDepth(body) > MAX_JSON_DEPTH) {
    return new ApiFailure(400, "too_deep", `The activity nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return new Request(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body) });
}

/** The host of the key id in a draft-cavage `Signature` or an RFC 9421 `Signature-Input` header. */
export function signerHost(headers: Headers): string | null {
  const keyId =
    /keyId="([^"]{1,2048})"/.exec(headers.get("signature") ?? "")?.[1] ??
    /keyid="([^"]{1,2048})"/i.exec(headers.get("signature-input") ?? "")?.[1];
  if (!keyId) return null;
  try {
    return new URL(keyId).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** How deep brackets nest in a JSON text (brackets inside strings do not count), in one pass. */
export function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // a backslash escapes the next character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return deepest;
}
