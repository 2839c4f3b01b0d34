import { InProcessMessageQueue } from "@fedify/fedify";
import { describe, expect, it, vi } from "vitest";
import { readDomain } from "../../../../shared/input-rules.ts";
import {
  blockedHosts,
  blockingDomains,
  isBlockedHost,
  withoutBlockedDeliveries,
} from "../../../../site/server/federation/blocked-domains.ts";

describe("a blocked server", () => {
  it("blocks its subdomains, not its neighbours; an IPv4 address only itself", () => {
    expect(blockingDomains("A.Spam.Example.")).toEqual(["example", "spam.example", "a.spam.example"]);
    expect(isBlockedHost("a.spam.example", ["spam.example"])).toBe(true);
    expect(isBlockedHost("notspam.example", ["spam.example"])).toBe(false);
    expect(isBlockedHost("10.0.0.1", ["10.0.0.1"])).toBe(true);
    expect(isBlockedHost("1.10.0.1", ["0.1"])).toBe(false);
  });

  it("ends on any host, a leading dot or empty labels too", () => {
    expect(blockingDomains(".x")).toEqual(["x"]);
    expect(blockingDomains("..")).toEqual([""]);
    expect(blockingDomains("a..b")).toEqual(["b", ".b", "a..b"]);
    expect(blockingDomains(".a.b.")).toEqual(["b", "a.b"]);
    expect(blockingDomains("")).toEqual([]);
    expect(isBlockedHost(".spam.example", ["spam.example"])).toBe(true);
  });

  it("costs no more for a host of a thousand labels than for a real one", () => {
    const domains = blockingDomains(`${"a.".repeat(1000)}spam.example`);
    expect(domains.every((domain) => domain.length <= 253)).toBe(true);
    expect(domains.length).toBeLessThan(130);
    expect(domains).toContain("spam.example");
  });

  it("is named as a host is: lower case, ASCII, no final dot; anything else is no domain", () => {
    expect(readDomain(" Spam.Example. ")).toBe("spam.example");
    expect(readDomain("bücher.example")).toBe("xn--bcher-kva.example");
    for (const bad of ["https://spam.example", "spam.example:443", "a b", "[::1]", "a..b", "x".repeat(300)]) {
      expect(readDomain(bad), bad).toBeNull();
    }
  });

  it("is asked of the configured list first, then of the database, with the host's domains", async () => {
    const isDomainBlocked = vi.fn(async (domains: string[]) => domains.includes("db.example"));
    const blocked = blockedHosts(["env.example"], { isDomainBlocked });
    expect(await blocked("a.env.example")).toBe(true);
    expect(isDomainBlocked).not.toHaveBeenCalled();
    expect(await blocked("b.db.example")).toBe(true);
    expect(isDomainBlocked).toHaveBeenLastCalledWith(["example", "db.example", "b.db.example"]);
    expect(await blocked("fine.example")).toBe(false);
  });

  it("gets none of the deliveries queued for it before it was blocked; everything else still runs", async () => {
    const queue = withoutBlockedDeliveries(
      new InProcessMessageQueue(),
      async (host) => host === "spam.example",
    );
    const handled: unknown[] = [];
    const controller = new AbortController();
    const listening = queue.listen((message) => void handled.push(message), { signal: controller.signal });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await queue.enqueue({ type: "outbox", inbox: "https://spam.example/inbox", id: 1 });
    await queue.enqueue({ type: "outbox", inbox: "https://fine.example/inbox", id: 2 });
    await queue.enqueue({ type: "inbox", id: 3 });
    await vi.waitFor(() => expect(handled).toHaveLength(2));
    expect(handled.map((message) => (message as { id: number }).id)).toEqual([2, 3]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("https://spam.example/inbox is dropped"));
    warn.mockRestore();
    controller.abort();
    await listening;
  });
});
