import cluster from "node:cluster";

/** A worker that dies is started again after this long (not in a tight loop if it dies at once). */
const RESTART_DELAY_MS = 1_000;

/**
 * `P92_WORKERS=N`: runs N copies of `entry` (site/server/serve.ts), which all listen on the same
 * port: node:cluster shares the listening socket and hands connections out round-robin. Each
 * worker opens its own runtime on the shared PostgreSQL database. A worker that dies once all are
 * up (a crash, a kill -9) is started again; the others keep serving meanwhile. One that dies while
 * they start fails the start (it would fail again). SIGINT or SIGTERM to this process stops every
 * worker, then this process. Resolves once all N are listening.
 */
export function runWorkers(count: number, entry: string): Promise<void> {
  cluster.setupPrimary({ exec: entry });
  let stopping = false;
  let listening = 0;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return new Promise<void>((resolve, reject) => {
    cluster.on("listening", () => {
      if (++listening === count) resolve();
    });
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        return;
      }
      if (listening < count) {
        stop();
        reject(new Error(`a server process exited (${signal ?? code}) before it was listening; see above`));
        return;
      }
      listening--;
      console.error(
        `p92: server process ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); starting another`,
      );
      setTimeout(() => {
        if (!stopping) cluster.fork();
      }, RESTART_DELAY_MS);
    });
    for (let i = 0; i < count; i++) cluster.fork();
  });
}
