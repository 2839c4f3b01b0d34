import {
  FetchError,
  getRemoteDocument,
  kvCache,
  preloadedContexts,
  validatePublicUrl,
  type AuthenticatedDocumentLoaderFactory,
  type DocumentLoader,
  type DocumentLoaderFactory,
  type KvStore,
  type RemoteDocument,
} from "@fedify/fedify";
import { signRequest, type HttpMessageSignaturesSpec } from "@fedify/fedify/sig";
import { SERVER_VERSION } from "../version.ts";
import type { BlockedHost } from "./blocked-domains.ts";

/**
 * What one fetch of another server's document may take. An actor, a note or a collection page
 * is a few kilobytes; JSON-LD contexts are preloaded.
 */
export const DOCUMENT_LIMITS = { maxBytes: 1024 * 1024, timeoutMs: 10_000, maxRedirects: 5 };

export interface LoaderOptions {
  /** Whether loopback and private addresses may be fetched (tests only). */
  allowPrivate: boolean;
  /** This server's origin, named in the User-Agent. */
  publicUrl: string;
  /** Servers nothing is fetched from (blocked-domains.ts), on any redirect hop either. */
  blocked?: BlockedHost;
  limits?: typeof DOCUMENT_LIMITS;
}

type Sign = (request: Request, spec: HttpMessageSignaturesSpec) => Promise<Request>;

/**
 * Fedify's document loaders with bounds: every fetch (each redirect hop included) goes to a public
 * address unless `allowPrivate`, gives up after a timeout and refuses a body past the size limit,
 * and plain documents are cached in the key-value store as Fedify's own loader does. Fedify
 * refuses custom loaders together with its `allowPrivateAddress` option, so that setting lives here.
 */
export function documentLoaderFactories(kv: KvStore, options: LoaderOptions) {
  const prefix = ["_fedify", "remoteDocument"] as const;
  const documentLoaderFactory: DocumentLoaderFactory = () =>
    kvCache({ loader: ownOriginOnly(boundedLoader(options)), kv, prefix, kind: "object" });
  const contextLoaderFactory: DocumentLoaderFactory = () =>
    kvCache({ loader: boundedLoader(options), kv, prefix, kind: "context" });
  const authenticatedDocumentLoaderFactory: AuthenticatedDocumentLoaderFactory = (identity) =>
    ownOriginOnly(
      boundedLoader(options, (request, spec) =>
        signRequest(request, identity.privateKey, identity.keyId, { spec }),
      ),
    );
  return { documentLoaderFactory, contextLoaderFactory, authenticatedDocumentLoaderFactory };
}

/**
 * A loader that fetches with the bounds above, never from a blocked server. With `sign`, each
 * request is signed (RFC 9421 first; a server that answers 401 gets draft-cavage, which older
 * servers read).
 */
export function boundedLoader(options: LoaderOptions, sign?: Sign): DocumentLoader {
  const limits = options.limits ?? DOCUMENT_LIMITS;
  const userAgent = `P92/${SERVER_VERSION} (+${options.publicUrl})`;

  const fetchOnce = async (url: string, signal: AbortSignal, spec?: HttpMessageSignaturesSpec) => {
    let request = new Request(url, {
      headers: { Accept: "application/activity+json, application/ld+json", "User-Agent": userAgent },
      redirect: "manual",
      signal,
    });
    if (sign && spec) request = await sign(request, spec);
    return fetch(request);
  };

  const load: DocumentLoader = (url, loadOptions) => {
    if (Object.hasOwn(preloadedContexts, url)) {
      return Promise.resolve({ contextUrl: null, documentUrl: url, document: preloadedContexts[url] });
    }
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const signal = loadOptions?.signal ? AbortSignal.any([timeout, loadOptions.signal]) : timeout;
    // One budget of hops and one deadline for the whole load: a redirect and an HTML page's
    // alternate link (which Fedify's getRemoteDocument follows through this function) spend both.
    let hops = 0;
    const follow = async (target: string): Promise<RemoteDocument> => {
      let current = target;
      for (;;) {
        if (hops++ > limits.maxRedirects) {
          throw new FetchError(url, `More than ${limits.maxRedirects} redirects from ${url}`);
        }
        const parsed = new URL(current);
        if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
          throw new FetchError(parsed, `Only http and https documents are fetched: ${current}`);
        }
        if (await options.blocked?.(parsed.hostname)) {
          throw new FetchError(parsed, `Not fetched from a blocked server: ${current}`);
        }
        if (!options.allowPrivate) await validatePublicUrl(current);
        let response = await fetchOnce(current, signal, sign ? "rfc9421" : undefined);
        if (sign && response.status === 401) {
          await response.body?.cancel();
          response = await fetchOnce(current, signal, "draft-cavage-http-signatures-12");
        }
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          current = new URL(location, current).href;
          continue;
        }
        const body = await readBounded(response, limits.maxBytes, current);
        const bounded = new Response(new Uint8Array(body), {
          status: response.status,
          headers: response.headers,
        });
        return getRemoteDocument(current, bounded, follow);
      }
    };
    return follow(url);
  };
  return load;
}

/**
 * A loader whose documents speak only for the origin they came from. A document whose `id` is on
 * another origin is fetched again from that id and taken only when the document there has the
 * same id, as Mastodon does: otherwise any server could serve, under its own URL, an actor (and a
 * key) claiming another server's actor id, and sign activities as that actor (Fedify takes the
 * one key of the document a key id without a fragment names, and its owner is the claimed actor).
 */
export function ownOriginOnly(loader: DocumentLoader): DocumentLoader {
  return async (url, options) => {
    const fetched = await loader(url, options);
    const id = idOf(fetched.document);
    if (id === null || sameOrigin(id, fetched.documentUrl)) return fetched;
    const again = await loader(id, options);
    if (idOf(again.document) === id && sameOrigin(id, again.documentUrl)) return again;
    throw new FetchError(
      url,
      `The document at ${fetched.documentUrl} claims an id its server does not give it: ${id}`,
    );
  };
}

function idOf(document: unknown): string | null {
  if (typeof document !== "object" || document === null) return null;
  const id = (document as Record<string, unknown>).id ?? (document as Record<string, unknown>)["@id"];
  return typeof id === "string" ? id : null;
}

function sameOrigin(a: string, b: string): boolean {
  return URL.parse(a)?.origin === URL.parse(b)?.origin;
}

/** The body, refused (FetchError) as soon as it passes `maxBytes`, declared or not. */
async function readBounded(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  const tooLarge = () => new FetchError(url, `The document at ${url} is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop cancels the rest of the body.
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
