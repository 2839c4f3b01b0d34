import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { databaseFor, E2E_STORE } from "./postgres.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** The build folder astro.config.mjs used (P92_OUT_DIR, else dist). */
export const BUILD_DIR = path.resolve(ROOT, process.env.P92_OUT_DIR ?? "dist");
/** The built server. */
export const SERVER_ENTRY = path.join(BUILD_DIR, "server/entry.mjs");
/** What serves the build: the process every test and benchmark starts. */
const SERVE = path.join(ROOT, "site/server/serve.ts");

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed, for assertions and for debugging a failure. */
  output: () => string;
  stop: () => Promise<void>;
  /** Kills the process with SIGKILL, as a crash would. */
  kill: () => Promise<void>;
}

/** A port nobody listens on right now: the OS picks it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `p92-${prefix}-`));
}

/** Whether something accepts connections on localhost:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "localhost" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Waits until nothing listens on a port asked for by number: two test files may need the same
 * one (the port the extension was built for), and the other file's server stops when it is done.
 */
async function waitForPort(port: number, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await listening(port)) {
    if (Date.now() > deadline) throw new Error(`port ${port} is still in use after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts the built server (site/server/serve.ts over dist/) as its own process, on a free port with a
 * fresh data directory unless told otherwise, and waits until it says it is running and
 * /api/health answers (so another server already on that port is never taken for this one).
 */
export async function startServer(
  options: { port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  if (options.port !== undefined) await waitForPort(options.port);
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDir("data");
  const secure = options.env?.P92_TLS_CERT !== undefined;
  const url = `${secure ? "https" : "http"}://localhost:${port}`;
  // The `postgres` run: each data directory's server on its own database.
  const database =
    E2E_STORE === "postgres" && !options.env?.P92_DATABASE_URL
      ? { P92_DATABASE_URL: await databaseFor(dataDir) }
      : {};
  const child = spawn(process.execPath, [SERVE], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: "localhost",
      PORT: String(port),
      P92_DATA_DIR: dataDir,
      ASTRO_TELEMETRY_DISABLED: "1",
      ...database,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was ready:\n${output}`);
    if (output.includes("P92 is running at")) {
      try {
        const response = await fetch(`${url}/api/health`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer /api/health within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    port,
    dataDir,
    process: child,
    output: () => output,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}
