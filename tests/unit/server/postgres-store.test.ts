import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { readConfig } from "../../../site/server/config.ts";
import { migrate } from "../../../site/server/storage/postgres/database.ts";
import { POSTGRES_MIGRATIONS } from "../../../site/server/storage/postgres/migrations.ts";
import { openPool, Queries, type Pool } from "../../../site/server/storage/postgres/db.ts";
import { PostgresGroupCommit } from "../../../site/server/storage/postgres/group-commit.ts";
import { openPostgresStore } from "../../../site/server/storage/postgres-store.ts";
import { LATEST_SCHEMA_VERSION } from "../../../site/server/storage/schema.ts";
import type { Store } from "../../../site/server/storage/store.ts";
import { freshDatabaseUrl } from "../../support/test-store.ts";
import { postRecord, newAccount } from "./accounts.ts";

// PostgreSQL only (the `postgres` Vitest project): what several processes sharing one database
// must get right. Two stores on one database stand for two server processes: each has its own pool.

let dataDir: string;
let url: string;
let opened: Store[];
let pools: Pool[];

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-pg-"));
  url = await freshDatabaseUrl();
  opened = [];
  pools = [];
});

afterEach(async () => {
  for (const store of opened) store.close();
  await Promise.all(pools.map((pool) => pool.end()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function open(): Promise<Store> {
  const store = await openPostgresStore(url, { dataDir });
  opened.push(store);
  return store;
}

function pool(of = url): Pool {
  const p = openPool(of, { max: 2 });
  pools.push(p);
  return p;
}

const post = (text: string) => postRecord(text);

describe("PostgreSQL store shared by two processes", () => {
  it("gives a reader every change exactly once, in order, while both write at once", async () => {
    const [one, two] = [await open(), await open()];
    const writers = await Promise.all(["w1", "w2", "w3", "w4"].map((h) => newAccount(one, h)));
    const reader = await newAccount(one, "reader");
    for (const writer of writers)
      await one.applyOp(reader, { type: "follow", handle: `w${writers.indexOf(writer) + 1}` }, null);
    let cursor = await one.latestChangeSeq();
    const seen: number[] = [];
    let writing = true;
    const pulling = (async () => {
      // Pull while the writers write: a cursor that passed a change not yet committed would skip it.
      while (writing) {
        const page = await two.changesSince(reader, cursor, [], 50);
        seen.push(...page.changes.map((c) => c.seq));
        cursor = page.last;
      }
    })();
    const written = await Promise.all(
      writers.flatMap((writer, w) =>
        Array.from({ length: 25 }, (_, i) =>
          (i % 2 === 0 ? one : two).applyOp(writer, { type: "createPost", post: post(`w${w} ${i}`) }, null),
        ),
      ),
    );
    writing = false;
    await pulling;
    for (;;) {
      const page = await one.changesSince(reader, cursor, [], 500);
      seen.push(...page.changes.map((c) => c.seq));
      cursor = page.last;
      if (!page.more) break;
    }
    expect(written.every((w) => w.status === "created")).toBe(true);
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("keeps exact counts when both like, repost and follow at once", async () => {
    const [one, two] = [await open(), await open()];
    const author = await newAccount(one, "author");
    const target = post("popular");
    await one.applyOp(author, { type: "createPost", post: target }, null);
    const fans = await Promise.all(Array.from({ length: 30 }, (_, i) => newAccount(two, `fan${i}`)));
    // Each fan likes, reposts and follows twice, once through each process.
    await Promise.all(
      fans.flatMap((fan) =>
        [one, two].flatMap((store) => [
          store.applyOp(fan, { type: "like", postId: target.id }, null),
          store.applyOp(fan, { type: "repost", postId: target.id }, null),
          store.applyOp(fan, { type: "follow", handle: "author" }, null),
        ]),
      ),
    );
    const stored = await two.postById(target.id, null);
    expect(stored?.likeCount).toBe(30);
    expect(stored?.repostCount).toBe(30);
    expect((await one.accountById(author))?.followerCount).toBe(30);
    // Half of them take it back, again through both at once.
    await Promise.all(
      fans
        .slice(0, 15)
        .flatMap((fan, i) => [
          (i % 2 ? one : two).applyOp(fan, { type: "unlike", postId: target.id }, null),
          (i % 2 ? two : one).applyOp(fan, { type: "unlike", postId: target.id }, null),
        ]),
    );
    expect((await one.postById(target.id, null))?.likeCount).toBe(15);
  });

  it("applies one op id once when both receive it at the same time", async () => {
    const [one, two] = [await open(), await open()];
    const alice = await newAccount(one, "alice");
    const opId = newId();
    const op = { type: "createPost" as const, post: post("sent twice") };
    const outcomes = await Promise.all([one.applyOp(alice, op, opId), two.applyOp(alice, op, opId)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["already_applied", "created"]);
    expect((await one.accountById(alice))?.postCount).toBe(1);
  });

  it("refuses in one process a session signed out through the other", async () => {
    const [one, two] = [await open(), await open()];
    const alice = await newAccount(one, "alice");
    const token = Buffer.alloc(32, 7);
    await one.createSession(alice, token);
    expect(await two.findSessionAccount(token)).toBe(alice);
    await one.deleteSession(token);
    expect(await two.findSessionAccount(token)).toBeNull();
  });

  it("wakes a process's commit watchers when another process writes", async () => {
    const [one, two] = [await open(), await open()];
    const woken = new Promise<void>((resolve) => two.watchCommits(resolve));
    await newAccount(one, "alice");
    await woken;
  });
});

describe("PostgreSQL queries", () => {
  it("bind strings holding NUL as U+FFFD, in arrays too, nulls kept", async () => {
    const q = new Queries(pool());
    const row = await q.get<{ one: string; first: string; second: boolean; third: string }>(
      "SELECT ?::text AS one, a[1] AS first, a[2] IS NULL AS second, a[3] AS third FROM (SELECT ?::text[] AS a) t",
      "a\u0000b",
      ["c\u0000", null, "d"] as string[],
    );
    expect(row).toEqual({ one: "a\uFFFDb", first: "c\uFFFD", second: true, third: "d" });
  });
});

describe("PostgreSQL group commit", () => {
  it("commits a batch together, and one failing write undoes only itself", async () => {
    const p = pool();
    const writes = new PostgresGroupCommit(p, async () => {});
    const insert = (key: string) => (q: Queries) =>
      q.run("INSERT INTO instance (key, value) VALUES (?, 'x')", key).then(() => key);
    const outcomes = await Promise.allSettled([
      writes.run(insert("first")),
      writes.run(async (q) => q.run("SELECT 1 / 0")),
      writes.run(insert("third")),
      // The same key again: a unique violation, undone alone.
      writes.run(insert("first")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected"]);
    const keys = await p.unsafe<{ key: string }[]>("SELECT key FROM instance WHERE value = 'x' ORDER BY key");
    expect(keys.map((k) => k.key)).toEqual(["first", "third"]);
  });
});

describe("PostgreSQL migrations", () => {
  it("migrate once when several processes start at the same time", async () => {
    const empty = await emptyDatabase();
    const versions = await Promise.all([migrate(pool(empty)), migrate(pool(empty)), migrate(pool(empty))]);
    expect(versions).toEqual([LATEST_SCHEMA_VERSION, LATEST_SCHEMA_VERSION, LATEST_SCHEMA_VERSION]);
  });

  it("leave the database as it was when a migration fails", async () => {
    const empty = await emptyDatabase();
    const p = pool(empty);
    // The first migration fails half-way: nothing of it stays, and none after it runs.
    const failing = POSTGRES_MIGRATIONS.map((m, i) =>
      i === 0 ? { version: m.version, sql: "CREATE TABLE half_done (id int); SELECT 1 / 0;" } : m,
    );
    await expect(migrate(p, failing)).rejects.toThrow(/division by zero/);
    const [row] = await p.unsafe<{ version: number; half: string | null }[]>(
      "SELECT version, to_regclass('half_done')::text AS half FROM p92_schema",
    );
    expect(row).toEqual({ version: 0, half: null });
    expect(await migrate(p)).toBe(LATEST_SCHEMA_VERSION);
  });

  it("refuse a database that holds tables of something else", async () => {
    const empty = await emptyDatabase();
    const p = pool(empty);
    await p.unsafe("CREATE TABLE invoices (id int)");
    await expect(migrate(p)).rejects.toThrow(/holds tables but no P92 schema/);
  });

  it("refuse a database of a newer P92", async () => {
    const p = pool();
    await p.unsafe("UPDATE p92_schema SET version = $1", [LATEST_SCHEMA_VERSION + 1]);
    await expect(migrate(p)).rejects.toThrow(/newer than this P92 knows/);
  });
});

describe("P92_DATABASE_URL", () => {
  it("selects PostgreSQL and is checked at start-up without echoing the password", () => {
    expect(readConfig({ P92_DATABASE_URL: "postgres://p92:pw@db.example/p92" }).databaseUrl).toBe(
      "postgres://p92:pw@db.example/p92",
    );
    expect(readConfig({}).databaseUrl).toBeNull();
    expect(() => readConfig({ P92_DATABASE_URL: "mysql://p92:secret@db/p92" })).toThrow(
      /P92_DATABASE_URL: must start with postgres:\/\//,
    );
    expect(() => readConfig({ P92_DATABASE_URL: "postgres://p92:secret@db.example" })).toThrow(
      /must name the database/,
    );
    expect(() => readConfig({ P92_DATABASE_URL: "not a url secret" })).toThrow(
      /^(?!.*secret).*P92_DATABASE_URL/,
    );
  });
});

/** A database with nothing in it (not copied from the migrated template). */
async function emptyDatabase(): Promise<string> {
  const admin = pool();
  const name = `p92_empty_${newId().replaceAll("-", "")}`;
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE template0`);
  const empty = new URL(url);
  empty.pathname = `/${name}`;
  return empty.toString();
}
