import { testMessageQueue } from "@fedify/testing";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { duration } from "../../../../site/server/federation/temporal.ts";
import type { FederationStorage } from "../../../../site/server/storage/federation.ts";
import { openPostgresFederationStorage } from "../../../../site/server/storage/federation-postgres.ts";
import {
  FEDERATION_DATABASE_FILE,
  openSqliteFederationStorage,
} from "../../../../site/server/storage/federation-sqlite.ts";
import { openPool, type Pool } from "../../../../site/server/storage/postgres/db.ts";
import {
  openPostgresQueue,
  type PostgresMessageQueue,
} from "../../../../site/server/storage/postgres/queue.ts";
import { SqliteMessageQueue } from "../../../../site/server/storage/sqlite/queue.ts";
import { connect } from "../../../../site/server/storage/sqlite.ts";
import { freshDatabaseUrl, TEST_STORE } from "../../../support/test-store.ts";

// Runs on both stores: federation.sqlite in a temporary folder, or a fresh PostgreSQL database
// (the `postgres` Vitest project), where two storages on pools of their own stand for two processes.

let dir: string;
let url: string;
let storage: FederationStorage;
let others: FederationStorage[];
let pools: Pool[];
let queues: PostgresMessageQueue[];

/** Another "process" on the same data. */
const open = async (): Promise<FederationStorage> =>
  TEST_STORE === "postgres"
    ? openPostgresFederationStorage(url, { closeGraceMs: 100 })
    : openSqliteFederationStorage(dir);

const openOther = async () => {
  const other = await open();
  others.push(other);
  return other;
};

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-federation-"));
  if (TEST_STORE === "postgres") url = await freshDatabaseUrl();
  others = [];
  pools = [];
  queues = [];
  storage = await open();
});

afterEach(async () => {
  await Promise.all([storage, ...others].map((s) => s.end()));
  await Promise.all(queues.map((queue) => queue.end()));
  await Promise.all(pools.map((pool) => pool.end({ timeout: 1 })));
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = async (prefix?: readonly [string, ...string[]]) => {
  const found = [];
  for await (const entry of storage.kv.list(prefix)) found.push(entry);
  return found;
};

describe("the federation key-value store", () => {
  it("gets what was set, and nothing once deleted", async () => {
    const { kv } = storage;
    expect(await kv.get(["a", "b"])).toBeUndefined();
    await kv.set(["a", "b"], { n: 1, list: ["x"] });
    expect(await kv.get(["a", "b"])).toEqual({ n: 1, list: ["x"] });
    await kv.set(["a", "b"], 2);
    expect(await kv.get(["a", "b"])).toBe(2);
    await kv.delete(["a", "b"]);
    expect(await kv.get(["a", "b"])).toBeUndefined();
  });

  it("keeps values after the database is opened again", async () => {
    await storage.kv.set(["keep"], "me");
    await storage.end();
    storage = await open();
    expect(await storage.kv.get(["keep"])).toBe("me");
  });

  it("forgets a value once its time to live has passed", async () => {
    const { kv } = storage;
    await kv.set(["short"], "gone soon", { ttl: duration({ milliseconds: 30 }) });
    await kv.set(["long"], "stays", { ttl: duration({ hours: 1 }) });
    expect(await kv.get(["short"])).toBe("gone soon");
    await new Promise((r) => setTimeout(r, 60));
    expect(await kv.get(["short"])).toBeUndefined();
    expect(await kv.get(["long"])).toBe("stays");
    expect((await entries()).map((e) => e.key)).toEqual([["long"]]);
  });

  it("lists the keys under a prefix, and only those", async () => {
    const { kv } = storage;
    await kv.set(["p"], 0);
    await kv.set(["p", "1"], 1);
    await kv.set(["p", "2", "deep"], 2);
    await kv.set(["pq", "3"], 3);
    await kv.set(["q"], 4);
    expect((await entries(["p"])).map((e) => e.key)).toEqual([["p"], ["p", "1"], ["p", "2", "deep"]]);
    expect(await entries(["p", "2"])).toEqual([{ key: ["p", "2", "deep"], value: 2 }]);
    expect(await entries()).toHaveLength(5);
  });

  it("keeps parts with separators, quotes and non-ASCII apart", async () => {
    const { kv } = storage;
    await kv.set(["a\u0001b", 'c"d'], 1);
    await kv.set(["a", 'b\u0001c"d'], 2);
    await kv.set(["ключ", "🔑"], 3);
    expect(await kv.get(["a\u0001b", 'c"d'])).toBe(1);
    expect(await kv.get(["a", 'b\u0001c"d'])).toBe(2);
    expect(await entries(["a"])).toEqual([{ key: ["a", 'b\u0001c"d'], value: 2 }]);
    expect(await entries(["ключ"])).toEqual([{ key: ["ключ", "🔑"], value: 3 }]);
  });

  it("compares and swaps: only when the value is the expected one", async () => {
    const { kv } = storage;
    expect(await kv.cas(["c"], undefined, { v: 1 })).toBe(true);
    expect(await kv.cas(["c"], undefined, { v: 9 })).toBe(false);
    expect(await kv.cas(["c"], { v: 2 }, { v: 9 })).toBe(false);
    expect(await kv.get(["c"])).toEqual({ v: 1 });
    expect(await kv.cas(["c"], { v: 1 }, { v: 2 })).toBe(true);
    expect(await kv.get(["c"])).toEqual({ v: 2 });
  });

  it("treats an expired value as absent when comparing and swapping", async () => {
    const { kv } = storage;
    await kv.set(["lease"], "old", { ttl: duration({ milliseconds: 20 }) });
    await new Promise((r) => setTimeout(r, 40));
    expect(await kv.cas(["lease"], "old", "new")).toBe(false);
    expect(await kv.cas(["lease"], undefined, "new")).toBe(true);
    expect(await kv.get(["lease"])).toBe("new");
  });
});

describe("the federation message queue", () => {
  it("passes Fedify's message-queue conformance suite, ordering keys included", async () => {
    const second = await openOther();
    let opened = 0;
    await testMessageQueue(
      () => (opened++ === 0 ? storage.queue : second.queue),
      async ({ controller }) => {
        controller.abort();
        await second.end();
      },
      { testOrderingKey: true },
    );
  }, 60_000);

  it("counts a running or delayed message as unfinished, though not as waiting", async () => {
    await storage.queue.enqueue({ later: true }, { delay: duration({ hours: 1 }) });
    await storage.queue.enqueue({ now: true });
    const controller = new AbortController();
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const listening = storage.queue.listen(
      () => {
        started();
        return new Promise<void>((r) => (finish = r));
      },
      { signal: controller.signal },
    );
    await running;
    expect(await storage.queue.getDepth()).toMatchObject({ queued: 1, ready: 0 });
    expect(await storage.queue.unfinished()).toBe(2);
    finish();
    controller.abort();
    await listening;
    expect(await storage.queue.unfinished()).toBe(1);
  });

  it("keeps a message whose handler was running when the process died, and runs it after restart", async () => {
    await storage.queue.enqueue({ deliver: "to b" });
    const controller = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    void storage.queue.listen(
      () => {
        started();
        return new Promise<void>(() => {}); // never finishes: the process dies first
      },
      { signal: controller.signal },
    );
    await running;
    controller.abort();
    await storage.end(); // the handler never returned: nothing was removed

    storage = await open();
    expect(await storage.queue.releaseClaims()).toBe(1);
    const seen: unknown[] = [];
    const again = new AbortController();
    const done = storage.queue.listen(
      (message) => {
        seen.push(message);
        again.abort();
      },
      { signal: again.signal },
    );
    await done;
    expect(seen).toEqual([{ deliver: "to b" }]);
    expect((await storage.queue.getDepth()).queued).toBe(0);
  });

  it.skipIf(TEST_STORE !== "sqlite")(
    "writes the enqueues of one turn of the event loop in one transaction, resolved after it",
    async () => {
      const db = connect(path.join(dir, FEDERATION_DATABASE_FILE), { durable: true });
      const begun: string[] = [];
      const counting = new Proxy(db, {
        get(target, name) {
          const value = Reflect.get(target, name) as unknown;
          if (name === "exec") {
            return (sql: string) => {
              if (sql.startsWith("BEGIN")) begun.push(sql);
              return target.exec(sql);
            };
          }
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const queue = new SqliteMessageQueue(counting, path.join(dir, FEDERATION_DATABASE_FILE));
      await Promise.all(Array.from({ length: 20 }, (_, i) => queue.enqueue({ n: i })));
      expect(begun).toHaveLength(1);
      // Seen from another connection as soon as they resolved: committed.
      expect((await storage.queue.getDepth()).queued).toBe(20);
      await queue.enqueue({ n: 20 });
      expect(begun).toHaveLength(2);
      queue.close();
      db.close();
    },
  );

  it("stores enqueues made at once together, in the order made, each resolved once it is on disk", async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => storage.queue.enqueue({ n: i })));
    const last = storage.queue.enqueue({ n: 50 });
    storage.queue.close(); // written at once, before the connection closes
    await last;
    await storage.end();

    storage = await open();
    const seen: unknown[] = [];
    const controller = new AbortController();
    const done = storage.queue.listen(
      (message) => {
        seen.push(message);
        if (seen.length === 51) controller.abort();
      },
      { signal: controller.signal },
    );
    await done;
    expect(seen).toEqual(Array.from({ length: 51 }, (_, i) => ({ n: i })));
  });

  it("counts ready and delayed messages", async () => {
    await storage.queue.enqueue("now");
    await storage.queue.enqueueMany(["later", "later too"], { delay: duration({ hours: 1 }) });
    expect(await storage.queue.getDepth()).toEqual({ queued: 3, ready: 1, delayed: 2 });
  });
});

// What several processes sharing one PostgreSQL database must get right.
describe("delivery's turn", () => {
  it("is one process's at a time, and passes to another when that one ends", async () => {
    expect(await storage.deliveryTurn()).toBe(true);
    const other = await openOther();
    // On SQLite there is one process: its turn always.
    expect(await other.deliveryTurn()).toBe(TEST_STORE === "sqlite");
    expect(await storage.deliveryTurn()).toBe(true);
    await storage.end();
    expect(await other.deliveryTurn()).toBe(true);
    storage = await open();
    expect(await storage.deliveryTurn()).toBe(TEST_STORE === "sqlite");
  });
});

describe.skipIf(TEST_STORE !== "postgres")("the federation storage shared by processes", () => {
  /** A queue on a pool of its own: a process that can be "killed" (its connections dropped). */
  const process_ = async (workers: number): Promise<{ pool: Pool; queue: PostgresMessageQueue }> => {
    const pool = openPool(url, { max: 3 });
    pools.push(pool);
    const queue = await openPostgresQueue(pool, { workers, closeGraceMs: 100 });
    queues.push(queue);
    return { pool, queue };
  };

  /** Listens with a handler that never finishes; resolves once it holds a message. */
  const hang = async (queue: PostgresMessageQueue, seen: unknown[] = []) => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const controller = new AbortController();
    void queue.listen(
      (message) => {
        seen.push(message);
        started();
        return new Promise<void>(() => {});
      },
      { signal: controller.signal },
    );
    await running;
    return controller;
  };

  /** A queue in a process of its own that claims a message, never finishes it, and is killed with -9. */
  const claimingProcess = async (): Promise<{ key: number; kill: () => Promise<void> }> => {
    const module = (file: string) =>
      JSON.stringify(
        pathToFileURL(path.resolve(import.meta.dirname, "../../../../site/server/storage/postgres", file))
          .href,
      );
    const code = `
      import { openPool } from ${module("db.ts")};
      import { openPostgresQueue } from ${module("queue.ts")};
      const queue = await openPostgresQueue(openPool(process.argv[1], { max: 2 }), { workers: 1 });
      void queue.listen(() => {
        console.log("claimed " + queue.key);
        return new Promise(() => {});
      });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code, url], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const key = await new Promise<number>((resolve, reject) => {
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        const claimed = /claimed (\d+)/.exec(chunk);
        if (claimed) resolve(Number(claimed[1]));
      });
      void exited.then(() => reject(new Error("The claiming process exited early")));
    });
    return {
      key,
      kill: async () => {
        child.kill("SIGKILL");
        await exited;
      },
    };
  };

  const claims = async (pool: Pool) =>
    (
      await pool.unsafe<{ message: string; claimed_by: number | null }[]>(
        "SELECT message, claimed_by FROM queue ORDER BY id",
      )
    ).map((row) => [JSON.parse(row.message) as unknown, row.claimed_by]);

  it("hands back the claim of a process killed with -9, not that of a live one", async () => {
    await storage.queue.enqueue("first");
    await storage.queue.enqueue("second");
    const killed = await claimingProcess(); // claims the oldest, "first", and never finishes it
    const live = await process_(1);
    const liveListener = await hang(live.queue); // claims "second"
    expect(await claims(live.pool)).toEqual([
      ["first", killed.key],
      ["second", live.queue.key],
    ]);

    // Both claims are held by live queues: nothing to hand back.
    expect(await storage.queue.releaseClaims()).toBe(0);
    await killed.kill();
    let released = 0;
    // (The server notices the dropped connection, and lets go of its lock, a moment later.)
    await expect.poll(async () => (released += await storage.queue.releaseClaims())).toBe(1);
    expect(await claims(live.pool)).toEqual([
      ["first", null],
      ["second", live.queue.key],
    ]);

    // And a listening process runs it.
    const seen: unknown[] = [];
    const controller = new AbortController();
    await storage.queue.listen(
      (message) => {
        seen.push(message);
        controller.abort();
      },
      { signal: controller.signal },
    );
    expect(seen).toEqual(["first"]);
    expect(await claims(live.pool)).toEqual([["second", live.queue.key]]);
    liveListener.abort();
  }, 30_000);

  it("takes its lock again at once when the server drops the connection holding it", async () => {
    const { pool, queue } = await process_(1);
    const holders = async () =>
      (
        await pool.unsafe<{ pid: number }[]>(
          "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 92003 AND objid = $1::int AND granted",
          [queue.key],
        )
      ).map((row) => row.pid);
    const [first] = await holders();
    expect(first).toBeDefined();
    await pool.unsafe("SELECT pg_terminate_backend($1)", [first!]);
    // Held again, by the new connection's session.
    await expect.poll(async () => (await holders()).filter((pid) => pid !== first)).toHaveLength(1);
    expect(await holders()).not.toContain(first);
  });

  it("hands a closed process's abandoned claim to the others once it closed", async () => {
    const closing = await process_(1);
    await storage.queue.enqueue("abandoned");
    await hang(closing.queue);
    expect(await storage.queue.releaseClaims()).toBe(0);
    await closing.queue.end(); // the handler never finished: abandoned after the grace period
    expect(await storage.queue.releaseClaims()).toBe(1);
  });

  it("runs the messages of an ordering key one at a time, oldest first, across processes", async () => {
    // One worker each: only the other process could run the next message of the key too early.
    const [first, second] = [await process_(1), await process_(1)];
    const keyed = Array.from({ length: 12 }, (_, i) => ({ key: "k", n: i }));
    for (const message of keyed) await first.queue.enqueue(message, { orderingKey: "k" });
    await second.queue.enqueueMany(Array.from({ length: 6 }, (_, i) => ({ key: null, n: i })));
    const order: number[] = [];
    const byQueue = new Map<string, number>();
    let runningKeyed = 0;
    let overlapped = false;
    let done = 0;
    const controller = new AbortController();
    const handler = (name: string) => async (received: unknown) => {
      const message = received as { key: string | null; n: number };
      byQueue.set(name, (byQueue.get(name) ?? 0) + 1);
      if (message.key === "k") {
        if (runningKeyed++ > 0) overlapped = true;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        order.push(message.n);
        runningKeyed--;
      }
      if (++done === 18) controller.abort();
    };
    await Promise.all([
      first.queue.listen(handler("first"), { signal: controller.signal }),
      second.queue.listen(handler("second"), { signal: controller.signal }),
    ]);
    expect(order).toEqual(keyed.map((m) => m.n));
    expect(overlapped).toBe(false);
    expect([...byQueue.keys()].sort()).toEqual(["first", "second"]);
    expect(await storage.queue.unfinished()).toBe(0);
  }, 30_000);

  it("lets exactly one of two processes racing a compare-and-swap win", async () => {
    const second = await openOther();
    const race = (run: (kv: FederationStorage["kv"], i: number) => Promise<boolean>) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => run([storage, second][i % 2]!.kv, i)));
    const wins = (results: boolean[]) => results.filter(Boolean).length;

    // Absent: one insert wins.
    const created = await race((kv, i) => kv.cas(["lock"], undefined, { owner: i }));
    expect(wins(created)).toBe(1);
    const owner = { owner: created.indexOf(true) };
    expect(await second.kv.get(["lock"])).toEqual(owner);

    // Present: one update from the value all expect wins.
    const moved = await race((kv, i) => kv.cas(["lock"], owner, { owner: 100 + i }));
    expect(wins(moved)).toBe(1);
    expect(await storage.kv.get(["lock"])).toEqual({ owner: 100 + moved.indexOf(true) });

    // Expired: as absent, one wins.
    await storage.kv.set(["lease"], "old", { ttl: duration({ milliseconds: 20 }) });
    await new Promise((r) => setTimeout(r, 40));
    expect(wins(await race((kv, i) => kv.cas(["lease"], undefined, i)))).toBe(1);
  });
});
