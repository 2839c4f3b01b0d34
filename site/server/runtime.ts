import packageJson from "../../package.json" with { type: "json" };
import { readConfig, type ServerConfig } from "./config.ts";
import { openDatabase, type OpenedDatabase } from "./storage/sqlite.ts";

export const SERVER_VERSION: string = packageJson.version;

interface Runtime {
  config: ServerConfig;
  database: OpenedDatabase;
}

let runtime: Runtime | undefined;

/** The configuration and database of this server process, read and opened once. */
export function getRuntime(): Runtime {
  if (!runtime) {
    const config = readConfig();
    runtime = { config, database: openDatabase(config.dataDir) };
  }
  return runtime;
}
