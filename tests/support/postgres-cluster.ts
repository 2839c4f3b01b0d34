import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temp folder, started on a free port with
 * its Unix socket in that folder and no TCP listener at all (`listen_addresses = ''`), fsync off
 * unless `durable` (benchmarks of durable writes: PostgreSQL's defaults).
 * As root, the server runs as the `postgres` user (it refuses root). Removed by `stop()`.
 *
 * Debian's `postgresql` package provides the binaries; `P92_PG_BIN` points elsewhere.
 */
export interface Cluster {
  /** The cluster's own database `postgres`, as the superuser `p92`, over the Unix socket. */
  url: string;
  /** The URL of another database of this cluster. */
  urlOf(database: string): string;
  stop(): void;
}

/** Where Debian puts each installed major version's programs. */
const DEBIAN_VERSIONS = "/usr/lib/postgresql";

/** P92_PG_BIN, or the newest PostgreSQL Debian's packages installed. */
export function postgresBin(): string {
  const installed = fs.existsSync(DEBIAN_VERSIONS)
    ? fs
        .readdirSync(DEBIAN_VERSIONS)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const bin =
    process.env.P92_PG_BIN ??
    (installed[0] ? path.join(DEBIAN_VERSIONS, installed[0], "bin") : "(none found)");
  if (!fs.existsSync(path.join(bin, "initdb"))) {
    throw new Error(
      `PostgreSQL's initdb was not found in ${bin}. Install Debian's package (apt-get install -y postgresql) ` +
        "or set P92_PG_BIN to the folder of initdb and pg_ctl.",
    );
  }
  return bin;
}

export async function startCluster(options: { durable?: boolean } = {}): Promise<Cluster> {
  const bin = postgresBin();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "p92-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The server runs as `postgres`, which must own its folder.
    execFileSync("chown", ["postgres:postgres", root]);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  };
  const data = path.join(root, "data");
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", "p92", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const settings = [
      `-k ${root}`,
      `-p ${port}`,
      "-c listen_addresses=''",
      "-c max_connections=200",
      ...(options.durable
        ? ["-c shared_buffers=512MB"]
        : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
    ].join(" ");
    run("pg_ctl", ["-D", data, "-w", "-l", path.join(root, "log"), "-o", settings, "start"]);
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const urlOf = (database: string) =>
    `postgres://p92@localhost:${port}/${database}?host=${encodeURIComponent(root)}`;
  let stopped = false;
  return {
    url: urlOf("postgres"),
    urlOf,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** A TCP port nobody listens on now (the cluster's socket file is named after it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
