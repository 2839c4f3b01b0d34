import packageJson from "../../package.json" with { type: "json" };
import { readConfig, type ServerConfig } from "./config.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { openDatabase } from "./storage/sqlite.ts";
import { SqliteStore } from "./storage/sqlite-store.ts";
import type { Store } from "./storage/store.ts";

export const SERVER_VERSION: string = packageJson.version;

/** What handlers reach: never the database itself, only the Store's operations. */
export interface Runtime {
  config: ServerConfig;
  store: Store;
  limiter: RateLimiter;
}

let runtime: Runtime | undefined;

/** The configuration, database and rate limiter of this server process, set up once. */
export function getRuntime(): Runtime {
  if (!runtime) {
    const config = readConfig();
    runtime = {
      config,
      store: new SqliteStore(openDatabase(config.dataDir).db),
      limiter: new RateLimiter(config.rateLimits),
    };
  }
  return runtime;
}
