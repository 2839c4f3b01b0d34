// `npm start`: validates the configuration, builds what is stale, creates or migrates the
// database, then serves the site and its API (site/server/serve.ts). Any bad setting
// stops start-up with one line that names it.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ConfigError, readConfig, type ServerConfig } from "./config.ts";
import { runWorkers } from "./cluster.ts";
import { createRuntime, openStore } from "./runtime.ts";
import { outDir, running, serve } from "./serve.ts";
import { buildStale, extensionSiteOrigin } from "./start-build.ts";
import { DATABASE_FILE } from "./storage/sqlite.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** What each of several server processes runs (P92_WORKERS). */
const SERVE = path.join(import.meta.dirname, "serve.ts");

/** Paths inside the repository relative to it, others absolute. */
function displayPath(p: string): string {
  const relative = path.relative(ROOT, p);
  return relative.startsWith("..") ? p : relative;
}

/** A PostgreSQL URL as start-up prints it: its host and database, never its password. */
function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") ?? parsed.host;
  return `PostgreSQL ${parsed.pathname.slice(1)} on ${host}`;
}

function fail(message: string): never {
  console.error(`p92: ${message}`);
  process.exit(1);
}

function checkDataDir(config: ServerConfig): void {
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const probe = path.join(config.dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError("P92_DATA_DIR", `${config.dataDir} is not a writable directory (${code})`);
  }
}

async function checkPortFree(config: ServerConfig): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "EADDRINUSE"
          ? `port ${config.port} is already in use on ${config.host}; stop the other program or set PORT`
          : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
            ? `HOST ${config.host} is not an address of this machine`
            : `cannot listen on ${config.host}:${config.port} (${error.code})`;
      reject(new ConfigError(error.code === "EADDRINUSE" || error.code === "EACCES" ? "PORT" : "HOST", why));
    });
    probe.listen(config.port, config.host, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  let config: ServerConfig;
  let siteOrigin: string;
  try {
    config = readConfig();
    siteOrigin = extensionSiteOrigin(process.env, config.publicUrl);
    checkDataDir(config);
    await checkPortFree(config);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  const out = outDir();
  buildStale(ROOT, siteOrigin, out);

  const databaseFile = path.join(config.dataDir, DATABASE_FILE);
  const created = !config.databaseUrl && !fs.existsSync(databaseFile);
  // Several processes: this one migrates the database, then each worker opens its own runtime.
  const runtime = config.workers > 1 ? null : await createRuntime(config);
  const store = runtime?.store ?? (await openStore(config));
  const { schemaVersion } = await store.health();
  if (!runtime) store.close();
  const database = config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : displayPath(databaseFile);
  console.log(`Database: ${database} (${created ? "created" : "schema"} v${schemaVersion})`);

  const extensionDir = path.join(ROOT, "extension/.output/chrome-mv3");
  console.log(
    [
      `Extension: ${displayPath(extensionDir)} (for ${siteOrigin})`,
      "  Chrome: open chrome://extensions, turn on Developer mode, click “Load unpacked” and pick that folder.",
      "  Firefox: open about:debugging → This Firefox → Load Temporary Add-on… and pick extension/.output/firefox-mv2/manifest.json.",
    ].join("\n"),
  );

  if (runtime) await serve({ runtime, outDir: out });
  else await runWorkers(config.workers, SERVE);
  console.log(`${running(config)}${runtime ? "" : ` (${config.workers} processes)`}`);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
