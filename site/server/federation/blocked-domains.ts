/**
 * Whether a host is one of the blocked domains (P92_BLOCKED_DOMAINS) or under one of them:
 * blocking `spam.example` blocks `a.spam.example` too, not `notspam.example`.
 */
export function isBlockedHost(hostname: string, blocked: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return blocked.some((domain) => host === domain || host.endsWith(`.${domain}`));
}
