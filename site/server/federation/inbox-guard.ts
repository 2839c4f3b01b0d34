import type { KeyCache } from "@fedify/fedify";
import { verifyRequest } from "@fedify/fedify/sig";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { readBody } from "../http/endpoint.ts";
import { tryTake } from "../http/rate-limit.ts";
import type { Runtime } from "../runtime.ts";
import { contextOf } from "./context.ts";

/** An activity is a few kilobytes; 1 MiB is generous and bounds what Fedify parses. */
export const MAX_INBOX_BYTES = 1024 * 1024;
/** Real activities nest a handful of levels (an Undo of a Like of a note); JSON-LD expansion recurses. */
export const MAX_JSON_DEPTH = 32;

/**
 * What an inbox POST must pass before Fedify handles it, cheapest first: not from a blocked server
 * (403, by the host of the signature's key id), a body of at most 1 MiB (413, refused before
 * reading on), JSON nested at most 32 deep (400), and the sender's rate (429 with Retry-After,
 * which senders retry). The rate is counted per server only for a request whose HTTP signature
 * verifies, by its key's host (a key document speaks only for its own server: see ownOriginOnly in
 * document-loader.ts): a forged key id can neither spend another server's allowance nor escape its
 * own. Anything else counts against its address. (Fedify checks the signature again,
 * and whether the signer is the actor; a request verified here only by a Linked Data signature or
 * a proof is one Fedify may still accept.) Answers the request to hand on, its body read once,
 * or the refusal.
 */
export async function guardInbox(
  request: Request,
  runtime: Runtime,
  address: string,
): Promise<Request | ApiFailure> {
  if (request.method !== "POST") return request;
  const claimed = signerHost(request.headers);
  if (claimed && (await runtime.blocked(claimed))) {
    return new ApiFailure(403, "blocked", "This server does not federate with yours");
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
  const forwarded = new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: new Uint8Array(body),
  });
  const server = claimed ? await verifiedSigner(forwarded.clone(), runtime) : null;
  const wait = await tryTake(runtime.limiter, "inboxPerDomain", server ?? `address ${address}`);
  if (wait > 0) {
    return new ApiFailure(429, "rate_limited", `Too many activities; try again in ${wait} s`, undefined, {
      "Retry-After": String(wait),
    });
  }
  return forwarded;
}

/** The host of the key that signed the request, when its HTTP signature verifies; else null. */
async function verifiedSigner(request: Request, runtime: Runtime): Promise<string | null> {
  const ctx = contextOf(runtime);
  try {
    const key = await verifyRequest(request, {
      documentLoader: ctx.documentLoader,
      contextLoader: ctx.contextLoader,
      keyCache: recentKeysOf(runtime),
    });
    return key?.id?.hostname.toLowerCase() ?? null;
  } catch {
    return null;
  }
}

type CachedKey = Awaited<ReturnType<KeyCache["get"]>>;

/**
 * The keys the guard fetched lately, parsed: a busy inbox hears from a few senders, and reading a
 * key again from the key-value store costs a JSON-LD parse and a key import per request. At most
 * 1,000 keys, the oldest forgotten first, each kept 10 minutes (a key that could not be fetched, 1
 * minute, during which it is not asked for again). When a kept key does not verify a signature,
 * Fedify fetches it again (through the document cache, so a rotated key is seen within its 5
 * minutes there). It only decides which server a request counts against: Fedify checks every
 * signature itself.
 */
export class RecentKeys implements KeyCache {
  readonly #keys = new Map<string, { key: CachedKey; until: number }>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  async get(keyId: URL): Promise<CachedKey> {
    const entry = this.#keys.get(keyId.href);
    if (entry === undefined) return undefined;
    if (entry.until > Date.now()) return entry.key;
    this.#keys.delete(keyId.href);
    return undefined;
  }

  async set(keyId: URL, key: CachedKey): Promise<void> {
    this.#keys.delete(keyId.href);
    this.#keys.set(keyId.href, { key, until: Date.now() + (key ? 600_000 : 60_000) });
    if (this.#keys.size > this.#max) this.#keys.delete(this.#keys.keys().next().value!);
  }
}

const recentKeys = new WeakMap<Runtime, RecentKeys>();

function recentKeysOf(runtime: Runtime): RecentKeys {
  let keys = recentKeys.get(runtime);
  if (keys === undefined) recentKeys.set(runtime, (keys = new RecentKeys()));
  return keys;
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
