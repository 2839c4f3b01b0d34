// `node site/server/serve.ts`: serves what `npm run build:site` built, the prerendered site from
// dist/client and the API from dist/server (P92_OUT_DIR moves both), on HOST:PORT. It builds and
// migrates nothing: `npm start` does that first, then calls serve().
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readConfig } from "./config.ts";
import { createSiteHandler, type NodeHandler } from "./http/site-handler.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export function outDir(): string {
  return path.resolve(ROOT, process.env.P92_OUT_DIR ?? "dist");
}

/** Listens on host:port; resolves once the server accepts connections. */
export async function serve(options: { host: string; port: number; outDir: string }): Promise<http.Server> {
  // The Node adapter in middleware mode exports Astro's request handler instead of listening.
  const entry = pathToFileURL(path.join(options.outDir, "server/entry.mjs")).href;
  const { handler } = (await import(entry)) as { handler: NodeHandler };
  const server = http.createServer(
    createSiteHandler({ astro: handler, clientDir: path.join(options.outDir, "client") }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

export function address(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

if (import.meta.main) {
  try {
    const config = readConfig();
    await serve({ host: config.host, port: config.port, outDir: outDir() });
    console.log(`P92 is running at ${address(config.host, config.port)}`);
  } catch (error) {
    console.error(`p92: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
