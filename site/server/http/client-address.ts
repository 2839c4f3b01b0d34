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
      .map((hop) => unmapped(hop.trim()));
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

/** `::ffff:192.0.2.1`, as a dual-stack socket reports an IPv4 peer, is 192.0.2.1. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}
