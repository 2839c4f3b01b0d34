// `node site/server/serve.ts`: serves what `npm run build:site` built, the prerendered site from
// dist/client and the API from dist/server (P92_OUT_DIR moves both), on HOST:PORT. It builds
// nothing: `npm start` builds first, then calls serve(). Opening the runtime opens (and migrates)
// the database.
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { runWorkers } from "./cluster.ts";
import { readConfig, type ServerConfig } from "./config.ts";
import { createSiteHandler, type AstroHandler } from "./http/site-handler.ts";
import { guardOutboundRequests } from "./federation/outbound.ts";
import { startFederationWorkers } from "./federation/workers.ts";
import { startMaintenance } from "./maintenance.ts";
import { startAccountPurges } from "./account-purge.ts";
import { createRuntime, openStore, type Runtime } from "./runtime.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * How long a connection may stay silent (no byte either way) before it is closed: a client that
 * stopped reading a video, or a sender that stalled, does not hold a socket forever. Headers must
 * arrive within a minute; a whole request within P92_REQUEST_TIMEOUT_SECONDS (30 min by default,
 * instead of Node's 300 s, which would cut slow uploads of large videos).
 */
export const IDLE_TIMEOUT_MS = 120_000;
export const HEADERS_TIMEOUT_MS = 60_000;

export function outDir(): string {
  return path.resolve(ROOT, process.env.P92_OUT_DIR ?? "dist");
}

/**
 * Listens on the runtime's host:port; resolves once the server accepts connections. The runtime
 * is the server's from then on: closing the server closes it, and so does failing to start.
 */
export async function serve(options: { runtime: Runtime; outDir: string }): Promise<http.Server> {
  const { runtime } = options;
  let maintenance: { stop: () => void } | null = null;
  let purges: { stop: () => Promise<void> } | null = null;
  let federationWorkers: { stop: () => Promise<void> } | null = null;
  const stop = () => {
    maintenance?.stop();
    // The stores close once the queue's running tasks and the purge's batch are done with them.
    void Promise.all([federationWorkers?.stop(), purges?.stop()]).finally(() => runtime.close());
  };
  try {
    const server = await createServer(runtime, options.outDir);
    maintenance = await startMaintenance(runtime);
    guardOutboundRequests({
      allowPrivate: runtime.config.federationAllowPrivate,
      trustedOrigins: [runtime.config.instagramOrigin],
    });
    federationWorkers = startFederationWorkers(runtime);
    purges = startAccountPurges(runtime);
    await listen(server, runtime.config.host, runtime.config.port);
    server.once("close", stop);
    return server;
  } catch (error) {
    stop();
    throw error;
  }
}

async function createServer(runtime: Runtime, outDir: string): Promise<http.Server> {
  // The Node adapter in middleware mode exports Astro's request handler instead of listening.
  const entry = pathToFileURL(path.join(outDir, "server/entry.mjs")).href;
  const { handler } = (await import(entry)) as { handler: AstroHandler };
  const requestTimeout = runtime.config.requestTimeoutSeconds * 1000;
  const options: http.ServerOptions = {
    requestTimeout,
    headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout),
    // How often Node looks for requests past those limits (30 s by default).
    connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeout / 3)),
  };
  const site = createSiteHandler({ astro: handler, clientDir: path.join(outDir, "client"), runtime });
  const { tls } = runtime.config;
  const server = tls
    ? https.createServer(
        { ...options, cert: fs.readFileSync(tls.certFile), key: fs.readFileSync(tls.keyFile) },
        site,
      )
    : http.createServer(options, site);
  server.setTimeout(IDLE_TIMEOUT_MS);
  return server;
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** What a server says once it accepts connections (tests wait for it). */
export function running(config: ServerConfig): string {
  return `P92 is running at ${address(config.host, config.port, config.tls !== null)}`;
}

export function address(host: string, port: number, secure = false): string {
  return `${secure ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

if (import.meta.main) {
  try {
    const config = readConfig();
    if (config.workers > 1 && cluster.isPrimary) {
      // P92_WORKERS: this process starts the others (each runs this file) and serves nothing itself.
      await openStore(config).then((store) => store.close());
      await runWorkers(config.workers, import.meta.filename);
      console.log(`${running(config)} (${config.workers} processes)`);
    } else {
      await serve({ runtime: await createRuntime(config), outDir: outDir() });
      if (cluster.isPrimary) console.log(running(config));
    }
  } catch (error) {
    console.error(`p92: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
