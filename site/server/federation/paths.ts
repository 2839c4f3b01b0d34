/**
 * Where each ActivityPub document lives, as Fedify's URI templates. Actors and notes are the API's
 * own URLs; the collections and inboxes are beside the actor.
 */
export const FEDERATION_PATHS = {
  actor: "/api/accounts/{identifier}",
  note: "/api/posts/{id}",
  inbox: "/api/accounts/{identifier}/inbox",
  sharedInbox: "/api/inbox",
  outbox: "/api/accounts/{identifier}/outbox",
  followers: "/api/accounts/{identifier}/followers",
  following: "/api/accounts/{identifier}/following",
  nodeInfo: "/nodeinfo/2.1",
} as const;

const INBOXES = [/^\/api\/inbox$/, /^\/api\/accounts\/[^/]+\/inbox$/];

/** Paths that only federation answers, whatever the request accepts. */
const ALWAYS = [/^\/\.well-known\/(webfinger|nodeinfo)$/, /^\/nodeinfo\//, ...INBOXES];

/** Whether a path is an inbox (an account's, or the shared one). */
export function isInboxPath(pathname: string): boolean {
  return INBOXES.some((pattern) => pattern.test(pathname));
}

/** The media types of ActivityStreams (JSON-LD with its profile, or activity+json). */
const ACTIVITY_TYPES = /application\/(activity\+json|ld\+json)/i;

/**
 * Whether a request is for the federation side (Fedify) rather than the site's JSON API: the
 * discovery and inbox paths always; any other GET or HEAD only when it asks for ActivityStreams.
 * The site's own calls send `Accept: application/json`, which Fedify would take for ActivityPub,
 * so they must never reach it.
 */
export function isFederationRequest(method: string, pathname: string, accept: string | null): boolean {
  return ALWAYS.some((pattern) => pattern.test(pathname)) || asksForActivityStreams(method, accept);
}

/** A GET or HEAD that asks for ActivityStreams. */
export function asksForActivityStreams(
  method: string | undefined,
  accept: string | null | undefined,
): boolean {
  return (method === "GET" || method === "HEAD") && typeof accept === "string" && ACTIVITY_TYPES.test(accept);
}

/**
 * The document (actor or note) behind a page of the site, by its API path: a profile
 * (`/@alice`) is `/api/accounts/alice`, a post (`/post/?id=X`) is `/api/posts/X`. Another server
 * given a page's address (someone pasted it into their search) asks it for ActivityStreams and
 * gets the document. Null for any other page.
 */
export function documentPathOf(decodedPath: string, search: URLSearchParams): string | null {
  if (decodedPath.startsWith("/@") && decodedPath.length > 2) {
    return `/api/accounts/${encodeURIComponent(decodedPath.slice(2))}`;
  }
  const id = decodedPath === "/post/" || decodedPath === "/post" ? search.get("id") : null;
  return id ? `/api/posts/${encodeURIComponent(id)}` : null;
}
