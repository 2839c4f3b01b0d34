import type { ServerConfig } from "./config.ts";
import { SignInGuard } from "./auth/sign-in-guard.ts";
import { blockedHosts, type BlockedHost } from "./federation/blocked-domains.ts";
import { createP92Federation, type P92Federation } from "./federation/federation.ts";
import { RateLimiter, type Limiter } from "./http/rate-limit.ts";
import { openFederationStorage, type FederationStorage } from "./storage/federation.ts";
import { PostgresRateLimiter } from "./storage/postgres/rate-limits.ts";
import { openPostgresStore } from "./storage/postgres-store.ts";
import { openSqliteStore } from "./storage/sqlite-store.ts";
import type { Store } from "./storage/store.ts";

/**
 * What handlers reach: the configuration (read and checked once, at start), never the database
 * itself but the Store's operations, and the limits every request shares. Made once per process
 * by site/server/serve.ts (or start.ts) and handed to every API route as `locals.runtime`.
 */
export interface Runtime {
  config: ServerConfig;
  store: Store;
  /** In memory on SQLite (one process); shared by every process on PostgreSQL. */
  limiter: Limiter;
  signIns: SignInGuard;
  /** Whether a server is blocked (P92_BLOCKED_DOMAINS, or by an admin): federation/blocked-domains.ts. */
  blocked: BlockedHost;
  /** ActivityPub (Fedify), over the same Store, with its key-value store and queue. */
  federation: P92Federation;
  federationStorage: FederationStorage;
  /** Closes the stores; the process may then open a runtime again. */
  close(): void;
}

/**
 * The process's runtime, on `globalThis` under a registered symbol: Astro's build bundles its own
 * copy of the server's modules, and every copy must find the same one. A second runtime would be a
 * second writer of the database with rate limits of its own.
 */
const CURRENT = Symbol.for("p92.runtime");
const OPENING = Symbol.for("p92.runtime.opening");
const registry = globalThis as { [CURRENT]?: Runtime; [OPENING]?: boolean };

/** Opens the process's one runtime; refused while another is open. */
export async function createRuntime(config: ServerConfig): Promise<Runtime> {
  // One being opened counts too: PostgreSQL's takes a moment (connect, migrate).
  if (registry[CURRENT] || registry[OPENING]) {
    throw new Error("This process already has a P92 runtime open; a server process runs one");
  }
  registry[OPENING] = true;
  try {
    return await open(config);
  } finally {
    delete registry[OPENING];
  }
}

/** The configured Store: PostgreSQL when P92_DATABASE_URL names one, else SQLite in the data directory. */
export function openStore(config: ServerConfig): Promise<Store> {
  return config.databaseUrl
    ? openPostgresStore(config.databaseUrl, {
        dataDir: config.dataDir,
        sessionIdleSeconds: config.sessionIdleSeconds,
      })
    : Promise.resolve(openSqliteStore(config.dataDir, config.sessionIdleSeconds));
}

async function open(config: ServerConfig): Promise<Runtime> {
  const store = await openStore(config);
  let federationStorage: FederationStorage;
  try {
    federationStorage = await openFederationStorage(config);
  } catch (error) {
    store.close();
    throw error;
  }
  const blocked = blockedHosts(config.blockedDomains, store);
  const runtime: Runtime = {
    config,
    store,
    blocked,
    limiter: config.databaseUrl
      ? new PostgresRateLimiter(config.databaseUrl, config.rateLimits)
      : new RateLimiter(config.rateLimits),
    signIns: new SignInGuard(),
    federation: createP92Federation({ config, store, blocked, ...federationStorage }),
    federationStorage,
    close() {
      if (registry[CURRENT] === runtime) delete registry[CURRENT];
      federationStorage.close();
      runtime.limiter.close();
      store.close();
    },
  };
  registry[CURRENT] = runtime;
  return runtime;
}
