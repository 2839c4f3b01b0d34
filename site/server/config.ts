import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { DEFAULT_MEDIA_LIMITS, type MediaLimits } from "../../shared/media.ts";
import { readDomain, readHandle } from "../../shared/input-rules.ts";
import { POST_EDIT_WINDOW_SECONDS } from "../../shared/post-edit.ts";
import { PURGE_BATCH, PURGE_BATCH_POSTGRES } from "./storage/rows/deletions.ts";

/** The server's configuration, read from the environment once at start-up. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Media files, and the SQLite database unless `databaseUrl` is set. */
  dataDir: string;
  /** P92_DATABASE_URL: a PostgreSQL database (`postgres://…`) instead of SQLite in `dataDir`. */
  databaseUrl: string | null;
  /** P92_WORKERS: how many server processes `npm start` runs on the port (PostgreSQL only past 1). */
  workers: number;
  /** Origin under which accounts and posts get their stable URLs (future ActivityPub ids). */
  publicUrl: string;
  /** Origins whose pages may call the API from a browser (CORS). */
  siteOrigins: string[];
  rateLimits: RateLimits;
  media: MediaLimits;
  /** Where the server reads public Instagram profiles to check a proof code (tests: a fake). */
  instagramOrigin: string;
  /** How long an Instagram proof code stays valid. */
  proofTtlSeconds: number;
  /** Addresses and networks of reverse proxies whose X-Forwarded-For names the client. */
  trustedProxies: string[];
  /** A session unused for this long is signed out. */
  sessionIdleSeconds: number;
  /** How long after posting an author may edit a post's text (P92_POST_EDIT_WINDOW_SECONDS). */
  postEditWindowSeconds: number;
  /** How long a request (headers and body) may take to arrive: slow uploads of large videos. */
  requestTimeoutSeconds: number;
  /** HTTPS: the certificate chain and private key files (PEM), or null to serve plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
  /**
   * Whether federation may fetch from loopback and private addresses. Only for tests that run
   * servers on one machine: on a public server it would let anyone make it probe its own network.
   */
  federationAllowPrivate: boolean;
  /**
   * Servers whose activities are refused and to which nothing is delivered (subdomains too); an
   * admin adds more at /admin/ (kept in the database: moderation/domain-blocks.ts).
   */
  blockedDomains: string[];
  /** P92_ADMIN_HANDLES: the accounts here that may read the report queue and moderate. */
  adminHandles: string[];
  /** How failed deliveries are tried again: P92_DELIVERY_RETRY_SECONDS. */
  deliveryRetry: DeliveryRetry;
  /** What the copies of other servers' photos, videos and avatars may take on disk, all together. */
  remoteMediaCacheBytes: number;
  /**
   * The purge of deleted accounts (account-purge.ts): rows per transaction (P92_PURGE_BATCH,
   * 500 on SQLite, 50 on PostgreSQL) and the pause between two (P92_PURGE_PAUSE_MS, none), to
   * leave a busy database room.
   */
  purge: { batch: number; pauseMs: number };
}

/**
 * A failed delivery is tried again after `firstSeconds`, then after twice as long each time, at
 * most `maxSeconds` apart, until `giveUpSeconds` after the first attempt: then it is dropped.
 */
export interface DeliveryRetry {
  firstSeconds: number;
  maxSeconds: number;
  giveUpSeconds: number;
}

/** A minute, doubling up to 12 hours apart, for two days: about 14 attempts. */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetry = {
  firstSeconds: 60,
  maxSeconds: 12 * 60 * 60,
  giveUpSeconds: 2 * 24 * 60 * 60,
};

/** 2 GiB of other servers' media kept (P92_REMOTE_MEDIA_CACHE_MB), the least recently shown out first. */
export const DEFAULT_REMOTE_MEDIA_CACHE_MB = 2048;
export const DEFAULT_INSTAGRAM_ORIGIN = "https://www.instagram.com";
export const DEFAULT_PROOF_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_SESSION_IDLE_SECONDS = 90 * 24 * 60 * 60;
/**
 * Node cuts a request that has not fully arrived after 300 s, which a 200 MB video on a slow
 * uplink can take: 30 minutes lets it arrive at 115 KB/s. Slow-loris senders are still cut by the
 * socket idle timeout (serve.ts) and the headers timeout.
 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30 * 60;

/** At most `count` attempts per `seconds`, refilled smoothly (a token bucket). */
export interface RateLimit {
  count: number;
  seconds: number;
}

export interface RateLimits {
  signUpPerIp: RateLimit;
  signInPerIp: RateLimit;
  /** Posts and media uploads. */
  postsPerIp: RateLimit;
  postsPerAccount: RateLimit;
  /** Every other write: likes, reposts, follows and their undoing, profile, lists, deletions. */
  actionsPerIp: RateLimit;
  actionsPerAccount: RateLimit;
  /** Instagram proof checks (each one fetches Instagram) per account. */
  proofsPerAccount: RateLimit;
  /** Unknown `@user@host` mentions in an account's posts looked up through WebFinger. */
  mentionLookupsPerAccount: RateLimit;
  /** Activities another server may deliver to this one's inboxes. */
  inboxPerDomain: RateLimit;
  /** Reports an account may file to the admins (a repeat of an open one too). */
  reportsPerAccount: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signUpPerIp: { count: 10, seconds: 3600 },
  signInPerIp: { count: 50, seconds: 900 },
  postsPerIp: { count: 600, seconds: 60 },
  postsPerAccount: { count: 120, seconds: 60 },
  actionsPerIp: { count: 1200, seconds: 60 },
  actionsPerAccount: { count: 300, seconds: 60 },
  proofsPerAccount: { count: 10, seconds: 3600 },
  mentionLookupsPerAccount: { count: 30, seconds: 3600 },
  // A large server's burst (a popular post's likes) passes; a flood waits. Senders retry a 429.
  inboxPerDomain: { count: 1200, seconds: 60 },
  // Enough for someone harassed by a few accounts at once; not enough to bury the admins.
  reportsPerAccount: { count: 10, seconds: 3600 },
};

const RATE_SETTINGS: Record<keyof RateLimits, string> = {
  signUpPerIp: "P92_LIMIT_SIGN_UP_PER_IP",
  signInPerIp: "P92_LIMIT_SIGN_IN_PER_IP",
  postsPerIp: "P92_LIMIT_POSTS_PER_IP",
  postsPerAccount: "P92_LIMIT_POSTS_PER_ACCOUNT",
  actionsPerIp: "P92_LIMIT_ACTIONS_PER_IP",
  actionsPerAccount: "P92_LIMIT_ACTIONS_PER_ACCOUNT",
  proofsPerAccount: "P92_LIMIT_PROOFS_PER_ACCOUNT",
  mentionLookupsPerAccount: "P92_LIMIT_MENTION_LOOKUPS_PER_ACCOUNT",
  inboxPerDomain: "P92_LIMIT_INBOX_PER_DOMAIN",
  reportsPerAccount: "P92_LIMIT_REPORTS_PER_ACCOUNT",
};

/** A bad setting: the message names it, so start-up can stop with one clear line. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = "ConfigError";
    this.setting = setting;
  }
}

type Env = Record<string, string | undefined>;

/** More server processes than this would only wait for one another (and for the database). */
const MAX_WORKERS = 64;

/** Settings that existed once: named, so a server configured with one learns what became of it. */
const REMOVED_SETTINGS: Record<string, string> = {
  P92_LIMIT_SIGN_IN_PER_ACCOUNT:
    "was removed: wrong passwords against one handle now slow its sign-ins down instead of locking them (site/server/API.md); unset it",
};

export function readConfig(env: Env = process.env, cwd = process.cwd()): ServerConfig {
  for (const [name, what] of Object.entries(REMOVED_SETTINGS)) {
    if (nonEmpty(env, name) !== undefined) throw new ConfigError(name, what);
  }
  const host = readHost(env);
  const port = readPort(env);
  const dataDir = path.resolve(cwd, nonEmpty(env, "P92_DATA_DIR") ?? "data");
  const databaseUrl = readDatabaseUrl(env);
  const workers = readPositiveInt(env, "P92_WORKERS") ?? 1;
  if (workers > MAX_WORKERS) throw new ConfigError("P92_WORKERS", `at most ${MAX_WORKERS} processes`);
  if (workers > 1 && databaseUrl === null) {
    throw new ConfigError(
      "P92_WORKERS",
      "more than one process needs PostgreSQL (set P92_DATABASE_URL): a SQLite database has one writer",
    );
  }
  const tls = readTls(env, cwd);
  const publicUrl = readOrigin(env, "P92_PUBLIC_URL") ?? `${tls ? "https" : "http"}://localhost:${port}`;
  const siteOrigins = readOrigins(env, "P92_SITE_ORIGINS") ?? [publicUrl];
  const rateLimits = { ...DEFAULT_RATE_LIMITS };
  for (const [key, name] of Object.entries(RATE_SETTINGS) as [keyof RateLimits, string][]) {
    const raw = nonEmpty(env, name);
    if (raw !== undefined) rateLimits[key] = parseRateLimit(name, raw);
  }
  const media: MediaLimits = {
    maxImageBytes: readPositiveInt(env, "P92_MAX_IMAGE_BYTES") ?? DEFAULT_MEDIA_LIMITS.maxImageBytes,
    maxVideoBytes: readPositiveInt(env, "P92_MAX_VIDEO_BYTES") ?? DEFAULT_MEDIA_LIMITS.maxVideoBytes,
    maxVideoSeconds: readPositiveInt(env, "P92_MAX_VIDEO_SECONDS") ?? DEFAULT_MEDIA_LIMITS.maxVideoSeconds,
    quotaBytes: readPositiveInt(env, "P92_MEDIA_QUOTA_BYTES") ?? DEFAULT_MEDIA_LIMITS.quotaBytes,
  };
  return {
    host,
    port,
    dataDir,
    databaseUrl,
    workers,
    publicUrl,
    siteOrigins,
    rateLimits,
    media,
    instagramOrigin: readOrigin(env, "P92_INSTAGRAM_ORIGIN") ?? DEFAULT_INSTAGRAM_ORIGIN,
    proofTtlSeconds: readPositiveInt(env, "P92_PROOF_TTL_SECONDS") ?? DEFAULT_PROOF_TTL_SECONDS,
    trustedProxies: readNetworks(env, "P92_TRUSTED_PROXIES"),
    sessionIdleSeconds: readPositiveInt(env, "P92_SESSION_IDLE_SECONDS") ?? DEFAULT_SESSION_IDLE_SECONDS,
    postEditWindowSeconds: readPositiveInt(env, "P92_POST_EDIT_WINDOW_SECONDS") ?? POST_EDIT_WINDOW_SECONDS,
    requestTimeoutSeconds:
      readPositiveInt(env, "P92_REQUEST_TIMEOUT_SECONDS") ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
    tls,
    federationAllowPrivate: readFlag(env, "P92_FEDERATION_ALLOW_PRIVATE"),
    blockedDomains: readDomains(env, "P92_BLOCKED_DOMAINS"),
    adminHandles: readHandles(env, "P92_ADMIN_HANDLES"),
    deliveryRetry: readDeliveryRetry(env, "P92_DELIVERY_RETRY_SECONDS"),
    remoteMediaCacheBytes:
      (readPositiveInt(env, "P92_REMOTE_MEDIA_CACHE_MB") ?? DEFAULT_REMOTE_MEDIA_CACHE_MB) * 1024 * 1024,
    purge: {
      batch: readPositiveInt(env, "P92_PURGE_BATCH") ?? (databaseUrl ? PURGE_BATCH_POSTGRES : PURGE_BATCH),
      pauseMs: readPositiveInt(env, "P92_PURGE_PAUSE_MS") ?? 0,
    },
  };
}

/** `FIRST/MAX/GIVE_UP` in seconds (fractions allowed, for tests), e.g. `60/43200/172800`. */
function readDeliveryRetry(env: Env, name: string): DeliveryRetry {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return DEFAULT_DELIVERY_RETRY;
  const parts = raw.split("/").map((part) => (/^\d+(\.\d+)?$/.test(part.trim()) ? Number(part) : NaN));
  const [firstSeconds, maxSeconds, giveUpSeconds] = parts;
  if (parts.length !== 3 || parts.some((n) => !(n! > 0)) || firstSeconds! > maxSeconds!) {
    throw new ConfigError(
      name,
      `"${raw}" is not FIRST/MAX/GIVE_UP seconds with FIRST <= MAX (e.g. 60/43200/172800)`,
    );
  }
  return { firstSeconds: firstSeconds!, maxSeconds: maxSeconds!, giveUpSeconds: giveUpSeconds! };
}

/** The entries of a comma-separated setting, trimmed, empty ones left out. */
function readList(env: Env, name: string): string[] {
  return (nonEmpty(env, name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A comma-separated list of domain names (`spam.example`), lower-cased. */
function readDomains(env: Env, name: string): string[] {
  return readList(env, name).map((entry) => {
    const domain = readDomain(entry);
    if (domain === null) throw new ConfigError(name, `"${entry}" is not a domain name (e.g. spam.example)`);
    return domain;
  });
}

/** A comma-separated list of this server's handles (`alice, @bob`), lower-cased. */
function readHandles(env: Env, name: string): string[] {
  return readList(env, name).map((entry) => {
    const handle = readHandle(entry.replace(/^@/, ""));
    if (handle === null)
      throw new ConfigError(name, `"${entry}" is not a handle of this server (e.g. alice)`);
    return handle;
  });
}

/** P92_TLS_CERT and P92_TLS_KEY: both or neither, each a readable file. */
function readTls(env: Env, cwd: string): ServerConfig["tls"] {
  const cert = nonEmpty(env, "P92_TLS_CERT");
  const key = nonEmpty(env, "P92_TLS_KEY");
  if (cert === undefined && key === undefined) return null;
  if (cert === undefined) throw new ConfigError("P92_TLS_CERT", "is needed with P92_TLS_KEY");
  if (key === undefined) throw new ConfigError("P92_TLS_KEY", "is needed with P92_TLS_CERT");
  const files = { certFile: path.resolve(cwd, cert), keyFile: path.resolve(cwd, key) };
  for (const [name, file] of [
    ["P92_TLS_CERT", files.certFile],
    ["P92_TLS_KEY", files.keyFile],
  ] as const) {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch {
      throw new ConfigError(name, `${file} cannot be read`);
    }
  }
  return files;
}

/** `1`/`true` or `0`/`false`; unset is false. */
function readFlag(env: Env, name: string): boolean {
  const raw = nonEmpty(env, name)?.toLowerCase();
  if (raw === undefined || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  throw new ConfigError(name, `"${raw}" is not 1 or 0`);
}

/** A comma-separated list of IP addresses and CIDR networks (`10.0.0.0/8`, `::1`). */
function readNetworks(env: Env, name: string): string[] {
  return readList(env, name).map((entry) => {
    const [address = "", prefix, extra] = entry.split("/");
    const family = net.isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        name,
        `"${entry}" is not an IP address or network (e.g. 10.0.0.1, 10.0.0.0/8, ::1)`,
      );
    }
    return entry;
  });
}

function parseRateLimit(name: string, raw: string): RateLimit {
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  const count = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || count < 1 || seconds < 1) {
    throw new ConfigError(name, `"${raw}" is not a rate limit (expected COUNT/SECONDS, e.g. 10/900)`);
  }
  return { count, seconds };
}

function readPositiveInt(env: Env, name: string): number | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(name, `"${raw}" is not a positive whole number`);
  }
  return Number(raw);
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readHost(env: Env): string {
  const host = nonEmpty(env, "HOST") ?? "localhost";
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) {
    throw new ConfigError("HOST", `"${host}" is not a host name or IP address`);
  }
  return host;
}

function readPort(env: Env): number {
  const raw = nonEmpty(env, "PORT") ?? "4321";
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError("PORT", `"${raw}" is not a port number (1-65535)`);
  }
  return port;
}

function parseOrigin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL (expected e.g. https://p92.example)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(name, `"${raw}" must start with http:// or https://`);
  }
  return url.origin;
}

function readOrigin(env: Env, name: string): string | undefined {
  const raw = nonEmpty(env, name);
  return raw === undefined ? undefined : parseOrigin(name, raw);
}

function readOrigins(env: Env, name: string): string[] | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parseOrigin(name, s));
}

/**
 * P92_DATABASE_URL: `postgres://user:password@host:port/database` (or `postgresql://`); a Unix
 * socket as libpq writes it, `postgres://user@localhost:5432/database?host=/var/run/postgresql`.
 */
function readDatabaseUrl(env: Env): string | null {
  const raw = nonEmpty(env, "P92_DATABASE_URL");
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      "P92_DATABASE_URL",
      "must be a URL such as postgres://user:password@localhost:5432/p92",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError("P92_DATABASE_URL", `must start with postgres:// (got ${url.protocol}//)`);
  }
  if (url.pathname.length <= 1) {
    throw new ConfigError("P92_DATABASE_URL", "must name the database, e.g. postgres://localhost/p92");
  }
  return raw;
}
