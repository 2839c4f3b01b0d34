import type { MessageQueue } from "@fedify/fedify";
import type { Store } from "../storage/store.ts";

/**
 * Whether a host is one of the blocked domains (P92_BLOCKED_DOMAINS) or under one of them:
 * blocking `spam.example` blocks `a.spam.example` too, not `notspam.example`. An IPv4 address is
 * blocked only by itself.
 */
export function isBlockedHost(hostname: string, blocked: readonly string[]): boolean {
  return blockingDomains(hostname).some((domain) => blocked.includes(domain));
}

/**
 * The names whose block blocks a host: the host and every domain above it (`a.spam.example`:
 * `example`, `spam.example`, itself), none longer than a domain name may be; an IPv4 address alone.
 */
export function blockingDomains(hostname: string): string[] {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return [host];
  // From the right, label by label, until past a domain name's length: a host of thousands of
  // labels (an unsigned request may claim one) costs no more than a real one.
  const domains: string[] = [];
  // `end` only moves left, so this ends whatever the host (empty labels, a leading dot).
  for (let end = host.length; end > 0;) {
    const dot = host.lastIndexOf(".", end - 1);
    const domain = host.slice(dot + 1);
    if (domain.length > 253) break;
    domains.push(domain);
    end = dot;
  }
  return domains;
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
  return async (hostname) => {
    const domains = blockingDomains(hostname);
    return (
      domains.some((domain) => configured.includes(domain)) ||
      (store !== undefined && (await store.isDomainBlocked(domains)))
    );
  };
}

/**
 * The queue Fedify runs on, but for deliveries to a server blocked since they were queued (a
 * backlog, or retries for days): those are dropped when their turn comes, not sent.
 */
export function withoutBlockedDeliveries(queue: MessageQueue, blocked: BlockedHost): MessageQueue {
  return {
    nativeRetrial: queue.nativeRetrial,
    enqueue: (message, options) => queue.enqueue(message, options),
    ...(queue.enqueueMany
      ? { enqueueMany: (messages, options) => queue.enqueueMany!(messages, options) }
      : {}),
    ...(queue.getDepth ? { getDepth: () => queue.getDepth!() } : {}),
    listen: (handler, options) =>
      queue.listen(async (message: unknown) => {
        const inbox = deliveryInbox(message);
        if (inbox && (await blocked(inbox.hostname))) {
          console.warn(`p92: a delivery to ${inbox.href} is dropped: its server is blocked`);
          return;
        }
        return handler(message);
      }, options),
  };
}

/** Where a queued message is to be delivered, if it is a delivery (Fedify's outbox message). */
function deliveryInbox(message: unknown): URL | null {
  if (typeof message !== "object" || message === null) return null;
  const { type, inbox } = message as { type?: unknown; inbox?: unknown };
  return type === "outbox" && typeof inbox === "string" ? URL.parse(inbox) : null;
}
