import packageJson from "../../package.json" with { type: "json" };
import type { ServerConfig } from "./config.ts";
import { SignInGuard } from "./auth/sign-in-guard.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { openSqliteStore } from "./storage/sqlite-store.ts";
import type { Store } from "./storage/store.ts";

export const SERVER_VERSION: string = packageJson.version;

/**
 * What handlers reach: never the database itself, only the Store's operations. One per server
 * process, made by site/server/serve.ts and handed to every API route as `locals.runtime`.
 */
export interface Runtime {
  config: ServerConfig;
  store: Store;
  limiter: RateLimiter;
  signIns: SignInGuard;
}

export function createRuntime(config: ServerConfig): Runtime {
  return {
    config,
    store: openSqliteStore(config.dataDir, config.sessionIdleSeconds),
    limiter: new RateLimiter(config.rateLimits),
    signIns: new SignInGuard(),
  };
}
