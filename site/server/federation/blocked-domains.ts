import type { Store } from "../storage/store.ts";

/**
 * Whether a host is one of the blocked domains (P92_BLOCKED_DOMAINS) or under one of them:
 * blocking `spam.example` blocks `a.spam.example` too, not `notspam.example`.
 */
export function isBlockedHost(hostname: string, blocked: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return blocked.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * Whether a server is blocked: nothing is fetched from it, delivered to it or taken from it. Asked
 * before every inbox request, fetch, delivery and copy of remote media.
 */
export type BlockedHost = (hostname: string) => Promise<boolean>;

/**
 * The servers P92_BLOCKED_DOMAINS names (in memory), then those admins blocked at /admin/, read
 * from the database at every check (one indexed look-up): a block made in one server process holds
 * at once in every other, with no cache to expire.
 */
export function blockedHosts(
  configured: readonly string[],
  store?: Pick<Store, "isDomainBlocked">,
): BlockedHost {
  return async (hostname) =>
    isBlockedHost(hostname, configured) || (store !== undefined && (await store.isDomainBlocked(hostname)));
}
