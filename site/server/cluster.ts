import cluster from "node:cluster";

/** A worker that dies is started again after this long, doubling while they keep dying at once. */
const FIRST_RESTART_MS = 1_000;
const LONGEST_RESTART_MS = 30_000;
/** A worker up this long counts as having started well: the next restart waits the first delay again. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * `P92_WORKERS=N`: runs N copies of `entry` (site/server/serve.ts), which all listen on the same
 * port: node:cluster shares the listening socket and hands connections out round-robin. Each
 * worker opens its own runtime on the shared PostgreSQL database. Resolves once all N listen; one
 * that dies before that fails the start (it would fail again: a bad build, a database that
 * refuses). Once started, a worker that dies (a crash, a kill -9) is started again, after a delay
 * that grows while they keep dying (the database away), and the others keep serving meanwhile.
 * SIGINT or SIGTERM to this process stops every worker, then this process.
 */
export function runWorkers(count: number, entry: string): Promise<void> {
  cluster.setupPrimary({ exec: entry });
  let stopping = false;
  let started = false;
  let listening = 0;
  let delay = FIRST_RESTART_MS;
  const bornAt = new Map<number, number>();
  const stop = (code: number) => {
    stopping = true;
    process.exitCode = code;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.once("SIGINT", () => stop(0));
  process.once("SIGTERM", () => stop(0));
  const fork = () => bornAt.set(cluster.fork().id, Date.now());
  return new Promise<void>((resolve, reject) => {
    cluster.on("listening", () => {
      if (started || ++listening < count) return;
      started = true;
      resolve();
    });
    cluster.on("exit", (worker, code, signal) => {
      const lived = Date.now() - (bornAt.get(worker.id) ?? Date.now());
      bornAt.delete(worker.id);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
        return;
      }
      if (!started) {
        stop(1);
        reject(new Error(`a server process exited (${signal ?? code}) before it was listening; see above`));
        return;
      }
      if (lived > HEALTHY_AFTER_MS) delay = FIRST_RESTART_MS;
      const wait = delay;
      delay = Math.min(delay * 2, LONGEST_RESTART_MS);
      console.error(
        `p92: server process ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); starting another in ${wait / 1000} s`,
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, wait);
    });
    for (let i = 0; i < count; i++) fork();
  });
}
