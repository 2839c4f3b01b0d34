import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MEDIA_LIMITS } from "../../shared/media.ts";
import {
  ConfigError,
  DEFAULT_DELIVERY_RETRY,
  DEFAULT_RATE_LIMITS,
  readConfig,
} from "../../site/server/config.ts";

describe("server configuration", () => {
  it("defaults to localhost:4321 with data in ./data", () => {
    expect(readConfig({}, "/srv/p92")).toEqual({
      host: "localhost",
      port: 4321,
      dataDir: "/srv/p92/data",
      databaseUrl: null,
      workers: 1,
      publicUrl: "http://localhost:4321",
      siteOrigins: ["http://localhost:4321"],
      rateLimits: DEFAULT_RATE_LIMITS,
      media: DEFAULT_MEDIA_LIMITS,
      instagramOrigin: "https://www.instagram.com",
      proofTtlSeconds: 24 * 60 * 60,
      trustedProxies: [],
      sessionIdleSeconds: 90 * 24 * 60 * 60,
      postEditWindowSeconds: 15 * 60,
      requestTimeoutSeconds: 30 * 60,
      tls: null,
      federationAllowPrivate: false,
      blockedDomains: [],
      adminHandles: [],
      deliveryRetry: { firstSeconds: 60, maxSeconds: 43_200, giveUpSeconds: 172_800 },
      remoteMediaCacheBytes: 2 * 1024 * 1024 * 1024,
      purge: { batch: 500, pauseMs: 0 },
    });
  });

  it("purges a deleted account 500 rows a transaction on SQLite, 50 on PostgreSQL, unless told otherwise", () => {
    expect(readConfig({}).purge).toEqual({ batch: 500, pauseMs: 0 });
    expect(readConfig({ P92_DATABASE_URL: "postgres://localhost/p92" }).purge).toEqual({
      batch: 50,
      pauseMs: 0,
    });
    expect(readConfig({ P92_PURGE_BATCH: "20", P92_PURGE_PAUSE_MS: "100" }).purge).toEqual({
      batch: 20,
      pauseMs: 100,
    });
  });

  it("retries failed deliveries for two days unless told otherwise, and names a bad setting", () => {
    expect(readConfig({}).deliveryRetry).toBe(DEFAULT_DELIVERY_RETRY);
    expect(readConfig({ P92_DELIVERY_RETRY_SECONDS: "0.1/0.5/2" }).deliveryRetry).toEqual({
      firstSeconds: 0.1,
      maxSeconds: 0.5,
      giveUpSeconds: 2,
    });
    for (const bad of ["60", "60/30/100", "0/1/2", "a/b/c", "1/2/-3"]) {
      expect(() => readConfig({ P92_DELIVERY_RETRY_SECONDS: bad })).toThrow(ConfigError);
    }
  });

  it("has sane default rate and media limits", () => {
    expect(DEFAULT_RATE_LIMITS).toEqual({
      signUpPerIp: { count: 10, seconds: 3600 },
      signInPerIp: { count: 50, seconds: 900 },
      postsPerIp: { count: 600, seconds: 60 },
      postsPerAccount: { count: 120, seconds: 60 },
      actionsPerIp: { count: 1200, seconds: 60 },
      actionsPerAccount: { count: 300, seconds: 60 },
      proofsPerAccount: { count: 10, seconds: 3600 },
      mentionLookupsPerAccount: { count: 30, seconds: 3600 },
      inboxPerDomain: { count: 1200, seconds: 60 },
      reportsPerAccount: { count: 10, seconds: 3600 },
    });
    expect(DEFAULT_MEDIA_LIMITS).toEqual({
      maxImageBytes: 16 * 1024 * 1024,
      maxVideoBytes: 200 * 1024 * 1024,
      maxVideoSeconds: 300,
      quotaBytes: 2 * 1024 * 1024 * 1024,
    });
  });

  it("ships a 30-minute request timeout, not Node's 300 s that would cut slow video uploads", () => {
    expect(readConfig({}).requestTimeoutSeconds).toBe(1800);
    expect(readConfig({ P92_REQUEST_TIMEOUT_SECONDS: "5" }).requestTimeoutSeconds).toBe(5);
  });

  it("signs sessions out after 90 days unused, unless told otherwise", () => {
    expect(readConfig({}).sessionIdleSeconds).toBe(7_776_000);
    expect(readConfig({ P92_SESSION_IDLE_SECONDS: "60" }).sessionIdleSeconds).toBe(60);
  });

  it("reads trusted proxies as addresses and CIDR networks, and names a bad one", () => {
    expect(readConfig({ P92_TRUSTED_PROXIES: "10.0.0.0/8, ::1,192.0.2.7" }).trustedProxies).toEqual([
      "10.0.0.0/8",
      "::1",
      "192.0.2.7",
    ]);
    expect(() => readConfig({ P92_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/^P92_TRUSTED_PROXIES: /);
    expect(() => readConfig({ P92_TRUSTED_PROXIES: "proxy.example" })).toThrow(/^P92_TRUSTED_PROXIES: /);
  });

  it("reads a rate limit as COUNT/SECONDS and names a bad one", () => {
    expect(readConfig({ P92_LIMIT_ACTIONS_PER_ACCOUNT: "3/60" }).rateLimits.actionsPerAccount).toEqual({
      count: 3,
      seconds: 60,
    });
    expect(() => readConfig({ P92_LIMIT_ACTIONS_PER_ACCOUNT: "3 per minute" })).toThrow(
      new ConfigError(
        "P92_LIMIT_ACTIONS_PER_ACCOUNT",
        '"3 per minute" is not a rate limit (expected COUNT/SECONDS, e.g. 10/900)',
      ),
    );
    expect(() => readConfig({ P92_MAX_IMAGE_BYTES: "-5" })).toThrow(/^P92_MAX_IMAGE_BYTES: /);
  });

  it("names a setting that was removed and says what became of it", () => {
    expect(() => readConfig({ P92_LIMIT_SIGN_IN_PER_ACCOUNT: "10/900" })).toThrow(
      /^P92_LIMIT_SIGN_IN_PER_ACCOUNT: was removed: wrong passwords/,
    );
  });

  it("names PORT when it is not a port number", () => {
    expect(() => readConfig({ PORT: "80a" })).toThrow(
      new ConfigError("PORT", '"80a" is not a port number (1-65535)'),
    );
    expect(() => readConfig({ PORT: "70000" })).toThrow(/^PORT: /);
  });

  it("names P92_PUBLIC_URL when it is not an http(s) URL", () => {
    expect(() => readConfig({ P92_PUBLIC_URL: "ftp://x" })).toThrow(/^P92_PUBLIC_URL: /);
  });

  it("reads a comma-separated list of site origins", () => {
    const config = readConfig({ P92_SITE_ORIGINS: "https://a.example/, http://localhost:3000" });
    expect(config.siteOrigins).toEqual(["https://a.example", "http://localhost:3000"]);
  });

  it("serves HTTPS with P92_TLS_CERT and P92_TLS_KEY, which then is the default public origin", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-config-"));
    fs.writeFileSync(path.join(dir, "cert.pem"), "");
    fs.writeFileSync(path.join(dir, "key.pem"), "");
    const config = readConfig({ P92_TLS_CERT: "cert.pem", P92_TLS_KEY: "key.pem", PORT: "8443" }, dir);
    expect(config.tls).toEqual({ certFile: path.join(dir, "cert.pem"), keyFile: path.join(dir, "key.pem") });
    expect(config.publicUrl).toBe("https://localhost:8443");
    expect(() => readConfig({ P92_TLS_CERT: "cert.pem" }, dir)).toThrow(
      "P92_TLS_KEY: is needed with P92_TLS_CERT",
    );
    expect(() => readConfig({ P92_TLS_CERT: "cert.pem", P92_TLS_KEY: "missing.pem" }, dir)).toThrow(
      /^P92_TLS_KEY: .*missing\.pem cannot be read$/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("lets federation reach private addresses only when P92_FEDERATION_ALLOW_PRIVATE says so", () => {
    expect(readConfig({}).federationAllowPrivate).toBe(false);
    expect(readConfig({ P92_FEDERATION_ALLOW_PRIVATE: "1" }).federationAllowPrivate).toBe(true);
    expect(readConfig({ P92_FEDERATION_ALLOW_PRIVATE: "0" }).federationAllowPrivate).toBe(false);
    expect(() => readConfig({ P92_FEDERATION_ALLOW_PRIVATE: "yes" })).toThrow(ConfigError);
  });

  it("reads the blocked domains lower-cased and refuses what is not a domain name", () => {
    expect(readConfig({ P92_BLOCKED_DOMAINS: " Spam.Example, bad-place.test ,," }).blockedDomains).toEqual([
      "spam.example",
      "bad-place.test",
    ]);
    expect(() => readConfig({ P92_BLOCKED_DOMAINS: "https://spam.example" })).toThrow(
      'P92_BLOCKED_DOMAINS: "https://spam.example" is not a domain name (e.g. spam.example)',
    );
  });

  it("reads the admins' handles lower-cased and refuses what is not a handle here", () => {
    expect(readConfig({ P92_ADMIN_HANDLES: " Alice, @bob ,," }).adminHandles).toEqual(["alice", "bob"]);
    expect(() => readConfig({ P92_ADMIN_HANDLES: "carol@elsewhere.example" })).toThrow(
      'P92_ADMIN_HANDLES: "carol@elsewhere.example" is not a handle of this server (e.g. alice)',
    );
  });
});
