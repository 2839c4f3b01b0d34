import packageJson from "../../package.json" with { type: "json" };
import { readConfig, type ServerConfig } from "./config.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { openDatabase, type OpenedDatabase } from "./storage/sqlite.ts";
import { SqliteStore } from "./storage/sqlite-store.ts";
import type { Store } from "./storage/store.ts";

export const SERVER_VERSION: string = packageJson.version;

export interface Runtime {
  config: ServerConfig;
  database: OpenedDatabase;
  store: Store;
  limiter: RateLimiter;
}

let runtime: Runtime | undefined;

/** The configuration, database and rate limiter of this server process, set up once. */
export function getRuntime(): Runtime {
  if (!runtime) {
    const config = readConfig();
    const database = openDatabase(config.dataDir);
    runtime = {
      config,
      database,
      store: new SqliteStore(database.db),
      limiter: new RateLimiter(config.rateLimits),
    };
  }
  return runtime;
}
