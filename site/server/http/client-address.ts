import net from "node:net";

/**
 * The address a request comes from, for per-address rate limits. The TCP peer, unless the peer
 * is one of the reverse proxies the server was told to trust (P92_TRUSTED_PROXIES): then
 * X-Forwarded-For is read from the right, each trusted proxy having appended the address it saw,
 * and the first hop that is not a trusted proxy is the client. Entries further left were written
 * by the client itself and are never believed.
 */
export class ClientAddresses {
  readonly #trusted = new net.BlockList();
  readonly #any: boolean;

  /** `networks`: addresses and CIDR networks, already checked by the configuration. */
  constructor(networks: string[]) {
    for (const entry of networks) {
      const [address = "", prefix] = entry.split("/");
      const type = net.isIP(address) === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) this.#trusted.addAddress(address, type);
      else this.#trusted.addSubnet(address, Number(prefix), type);
    }
    this.#any = networks.length > 0;
  }

  of(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const direct = unmapped(peer ?? "") || "unknown";
    if (!this.#any || !this.#isTrusted(direct) || forwardedFor === undefined) return direct;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((hop) => unmapped(withoutPort(hop.trim())));
    let client = direct;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      // Not an address: whoever wrote it is not a proxy we trust, so the last trusted hop stands.
      if (net.isIP(hop) === 0) break;
      client = hop;
      if (!this.#isTrusted(hop)) break;
    }
    return client;
  }

  #isTrusted(address: string): boolean {
    const family = net.isIP(address);
    return family !== 0 && this.#trusted.check(address, family === 6 ? "ipv6" : "ipv4");
  }
}

/** Some proxies write the client's port too: `192.0.2.1:5678`, `[2001:db8::1]:443`. */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  return v4 ? v4[1]! : hop;
}

/** `::ffff:192.0.2.1`, as a dual-stack socket reports an IPv4 peer, is 192.0.2.1. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}

/**
 * What rate limits count by: an IPv4 address, or an IPv6 /64, since one subscriber is usually
 * given a whole /64 and could otherwise change address at every request.
 */
export function rateLimitKey(address: string): string {
  if (net.isIP(address) !== 6) return address;
  const [head = "", tail] = address.split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  // An embedded IPv4 tail (64:ff9b::192.0.2.1) takes two groups; it lies in the host half anyway.
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  const network = groups.slice(0, 4).map((group) => Number.parseInt(group || "0", 16).toString(16));
  return `${network.join(":")}::/64`;
}
