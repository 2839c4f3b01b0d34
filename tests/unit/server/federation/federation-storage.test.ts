import { testMessageQueue } from "@fedify/testing";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { duration } from "../../../../site/server/federation/temporal.ts";
import { SqliteMessageQueue } from "../../../../site/server/storage/sqlite/queue.ts";
import { connect } from "../../../../site/server/storage/sqlite.ts";
import {
  FEDERATION_DATABASE_FILE,
  openFederationStorage,
  type FederationStorage,
} from "../../../../site/server/storage/federation-sqlite.ts";

let dir: string;
let storage: FederationStorage;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-federation-"));
  storage = openFederationStorage(dir);
});

afterEach(() => {
  storage.close();
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
    storage.close();
    storage = openFederationStorage(dir);
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
    const second = openFederationStorage(dir);
    let opened = 0;
    await testMessageQueue(
      () => (opened++ === 0 ? storage.queue : second.queue),
      ({ controller }) => {
        controller.abort();
        second.close();
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
    expect(storage.queue.unfinished()).toBe(2);
    finish();
    controller.abort();
    await listening;
    expect(storage.queue.unfinished()).toBe(1);
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
    storage.close(); // the handler never returned: nothing was removed

    storage = openFederationStorage(dir);
    expect(storage.queue.releaseClaims()).toBe(1);
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

  it("writes the enqueues of one turn of the event loop in one transaction, resolved after it", async () => {
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
  });

  it("stores enqueues made at once together, in the order made, each resolved once it is on disk", async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => storage.queue.enqueue({ n: i })));
    const last = storage.queue.enqueue({ n: 50 });
    storage.queue.close(); // written at once, before the connection closes
    await last;
    storage.close();

    storage = openFederationStorage(dir);
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
