import { describe, expect, it } from "vitest";
import { ClientAddresses, rateLimitKey } from "../../../site/server/http/client-address.ts";

describe("the client's address for rate limits", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(new ClientAddresses([]).of("192.0.2.5", "10.9.9.9")).toBe("192.0.2.5");
  });

  it("is the TCP peer when the peer is not a trusted proxy", () => {
    expect(new ClientAddresses(["10.0.0.0/8"]).of("192.0.2.5", "10.9.9.9")).toBe("192.0.2.5");
  });

  it("behind a trusted proxy is the rightmost hop that is not a trusted proxy", () => {
    const trusted = new ClientAddresses(["10.0.0.0/8", "2001:db8::/32"]);
    // The client forged the first entry; the proxy appended what it saw.
    expect(trusted.of("10.0.0.2", "1.2.3.4, 198.51.100.7")).toBe("198.51.100.7");
    // Two proxies in a row.
    expect(trusted.of("10.0.0.2", "198.51.100.7, 10.1.1.1")).toBe("198.51.100.7");
    expect(trusted.of("2001:db8::1", "2001:db8::9, 2001:db9::7")).toBe("2001:db9::7");
  });

  it("reads hops that carry a port, as some proxies write them", () => {
    const trusted = new ClientAddresses(["10.0.0.0/8"]);
    expect(trusted.of("10.0.0.2", "198.51.100.7:5678")).toBe("198.51.100.7");
    expect(trusted.of("10.0.0.2", "[2001:db8::7]:443")).toBe("2001:db8::7");
  });

  it("reads IPv4-mapped IPv6 peers as IPv4", () => {
    expect(new ClientAddresses(["127.0.0.1"]).of("::ffff:127.0.0.1", "203.0.113.1")).toBe("203.0.113.1");
  });

  it("stops at a hop that is not an address and keeps the last trusted one", () => {
    expect(new ClientAddresses(["10.0.0.0/8"]).of("10.0.0.2", "unknown")).toBe("10.0.0.2");
  });

  it("is the proxy itself when the header is missing", () => {
    expect(new ClientAddresses(["10.0.0.0/8"]).of("10.0.0.2", undefined)).toBe("10.0.0.2");
  });
});

describe("what rate limits count by", () => {
  it("is the IPv4 address itself", () => {
    expect(rateLimitKey("198.51.100.7")).toBe("198.51.100.7");
  });

  it("is the /64 of an IPv6 address, however it is written", () => {
    expect(rateLimitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8:1:2::7")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:DB8:0001:0002::ffff")).toBe("2001:db8:1:2::/64");
    expect(rateLimitKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(rateLimitKey("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
