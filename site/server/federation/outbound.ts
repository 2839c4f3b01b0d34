import { isValidPublicIPv4Address, isValidPublicIPv6Address } from "@fedify/vocab-runtime";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import net from "node:net";
import { Agent, buildConnector, setGlobalDispatcher } from "undici";

/**
 * How long the server's own requests to other servers (deliveries, fetched documents) may take to
 * connect, to answer with headers, and between two chunks of a body. Node's defaults are 5 minutes
 * each: a server that accepts a connection and then says nothing would hold a delivery that long.
 */
export const OUTBOUND_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

/**
 * The largest answer any of the server's own requests reads (a WebFinger descriptor, Instagram's
 * profile answer); fetched documents have their own, smaller bound (DOCUMENT_LIMITS).
 */
export const OUTBOUND_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Why a connection was refused: the name resolved to (or is) a private address. */
export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(host: string, address: string) {
    super(`${host} is at a private address (${address}); federation does not connect there`);
    this.name = "PrivateAddressError";
  }
}

/** Whether an IP address is a public one (not loopback, private, link-local, reserved...). */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = net.isIP(bare);
  if (family === 4) return isValidPublicIPv4Address(bare);
  return family === 6 && isValidPublicIPv6Address(bare);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * `dns.lookup` that refuses a name with any private address. It runs when the connection is made,
 * so a name that resolved to a public address when it was checked and to a private one now (DNS
 * rebinding) is refused all the same.
 */
export function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first)
      return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}

export interface OutboundOptions {
  /** Whether loopback and private addresses may be reached (P92_FEDERATION_ALLOW_PRIVATE, tests). */
  allowPrivate: boolean;
  /**
   * Origins the operator configured, reached wherever they are (P92_INSTAGRAM_ORIGIN: a local
   * stand-in for Instagram in tests). Nobody outside can name another.
   */
  trustedOrigins?: readonly string[];
  timeouts?: typeof OUTBOUND_TIMEOUTS;
  maxResponseBytes?: number;
}

/**
 * The dispatcher of every `fetch` the server makes: the timeouts and answer size above, and, unless private
 * addresses are allowed, no connection to a loopback, private or otherwise non-public address,
 * whether named by an IP or by a host name, except to the trusted origins.
 */
export function outboundDispatcher(options: OutboundOptions): Agent {
  const timeouts = options.timeouts ?? OUTBOUND_TIMEOUTS;
  const anywhere = buildConnector({ timeout: timeouts.connectMs });
  const connector = options.allowPrivate
    ? anywhere
    : buildConnector({ timeout: timeouts.connectMs, lookup: publicLookup });
  const trusted = new Set((options.trustedOrigins ?? []).map((origin) => new URL(origin).origin));
  return new Agent({
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    maxResponseSize: options.maxResponseBytes ?? OUTBOUND_MAX_RESPONSE_BYTES,
    connect: (connectOptions, callback) => {
      const { protocol, hostname: host, port } = connectOptions;
      if (trusted.has(new URL(`${protocol}//${host}${port ? `:${port}` : ""}`).origin)) {
        anywhere(connectOptions, callback);
        return;
      }
      if (!options.allowPrivate && net.isIP(host.replace(/^\[|\]$/g, "")) && !isPublicAddress(host)) {
        callback(new PrivateAddressError(host, host), null);
        return;
      }
      connector(connectOptions, callback);
    },
  });
}

/** Makes `outboundDispatcher` the process's: Node's `fetch` (Fedify's too) goes through it. */
export function guardOutboundRequests(options: OutboundOptions): void {
  setGlobalDispatcher(outboundDispatcher(options));
}
