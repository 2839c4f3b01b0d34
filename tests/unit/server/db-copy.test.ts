import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { duration } from "../../../site/server/federation/temporal.ts";
import { parseSearchQuery } from "../../../shared/search-text.ts";
import { copySqliteToPostgres } from "../../../site/server/storage/copy/copy-sqlite-to-postgres.ts";
import { checkTableSets, compareColumns, COPIED_TABLES } from "../../../site/server/storage/copy/tables.ts";
import {
  openSqliteFederationStorage,
  FEDERATION_DATABASE_FILE,
} from "../../../site/server/storage/federation-sqlite.ts";
import { openPool, type Pool } from "../../../site/server/storage/postgres/db.ts";
import { openPostgresStore } from "../../../site/server/storage/postgres-store.ts";
import type { MediaRecord } from "../../../site/server/storage/records.ts";
import { LATEST_SCHEMA_VERSION } from "../../../site/server/storage/schema.ts";
import { DATABASE_FILE } from "../../../site/server/storage/sqlite.ts";
import { openSqliteStore } from "../../../site/server/storage/sqlite-store.ts";
import type { Store } from "../../../site/server/storage/store.ts";
import { freshDatabaseUrl, TEST_STORE } from "../../support/test-store.ts";
import { postRecord, newAccount, remoteAccount, remotePostRecord } from "./accounts.ts";

// `npm run db:copy`: a SQLite data directory copied into PostgreSQL answers every Store call as it
// did on SQLite, and sync cursors carry on. PostgreSQL only (the `postgres` Vitest project).

const ROOT = path.resolve(import.meta.dirname, "../../..");

let dataDir: string;
let pools: Pool[];
let admin: Pool | null = null;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-copy-"));
  pools = [];
});

afterEach(async () => {
  await Promise.all(pools.map((p) => p.end()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterAll(async () => {
  await admin?.end();
});

function pool(url: string): Pool {
  const p = openPool(url, { max: 1 });
  pools.push(p);
  return p;
}

/** A database with nothing in it, not even P92's schema (the copy migrates it). */
async function emptyDatabase(owner?: string): Promise<string> {
  const clusterUrl = inject("postgresUrl");
  admin ??= openPool(clusterUrl, { max: 1 });
  const name = `p92_copy_${newId().replaceAll("-", "")}`;
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE template0${owner ? ` OWNER ${owner}` : ""}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  if (owner) url.username = owner;
  return url.toString();
}

const post = postRecord;

interface Seeded {
  ids: { alice: number; bob: number; carol: number; dave: number };
  posts: { photo: string; reply: string; remote: string; deleted: string };
  media: MediaRecord;
  /** The change log's end before the copy: a client's sync cursor. */
  cursor: number;
}

/**
 * A SQLite server's data made through the Store: local and remote accounts, a proven Instagram
 * handle, a post with a photo, a reply, a quote, likes, reposts, follows (one a request to another
 * server), notifications (some read), a deleted post, a session, op ids, actor keys, and
 * federation.sqlite's queue (a message claimed by the stopped server) and key-value store.
 */
async function seedSqlite(dir: string): Promise<Seeded> {
  const store = openSqliteStore(dir);
  try {
    const alice = await newAccount(store, "alice");
    const bob = await newAccount(store, "bob");
    const carol = await newAccount(store, "carol");
    await store.applyOp(alice, { type: "updateProfile", profile: { displayName: "Alice Liddell" } }, newId());
    await store.applyOp(
      bob,
      { type: "updateProfile", profile: { displayName: "Bob Dylan", bio: "tunes" } },
      null,
    );
    await store.saveProof(alice, {
      handle: "alice.ig",
      code: "p92-alice",
      expiresAt: "2999-01-01T00:00:00.000Z",
    });
    const proven = await store.proveInstagram(
      alice,
      { handle: "alice.ig", code: "p92-alice", username: "Alice.IG", verified: true },
      new Date().toISOString(),
    );
    expect(proven).toMatchObject({ status: "proven" });
    await store.replaceInstagramList(bob, "following", ["alice.ig", "someone.else"]);
    await store.createSession(alice, Buffer.from("a".repeat(64), "hex"));
    await store.saveActorKeys(alice, {
      rsa: { privateKey: { kty: "RSA", n: "1" }, publicKey: { kty: "RSA", n: "2" } },
      ed25519: { privateKey: { kty: "OKP", x: "3" }, publicKey: { kty: "OKP", x: "4" } },
    });

    const mediaId = newId();
    const media: MediaRecord = {
      id: mediaId,
      ownerId: alice,
      kind: "image",
      mimeType: "image/png",
      file: `${mediaId}.png`,
      size: 4,
      previewFile: null,
      width: 640,
      height: 480,
      duration: null,
      createdAt: new Date().toISOString(),
      attached: false,
    };
    fs.mkdirSync(path.join(dir, "media"), { recursive: true });
    fs.writeFileSync(path.join(dir, "media", media.file), "png!");
    expect(await store.insertMedia(media, 1_000_000)).toBe("stored");

    for (const [who, whom] of [
      [bob, "alice"],
      [carol, "alice"],
      [alice, "bob"],
      [bob, "carol"],
    ] as const) {
      await store.applyOp(who, { type: "follow", handle: whom }, newId());
    }
    const photo = post("Down the rabbit hole #wonderland", { media: [{ id: mediaId, alt: "a hole" }] });
    await store.applyOp(alice, { type: "createPost", post: photo }, newId());
    const reply = post("Mind the tea party", { replyTo: photo.id });
    await store.applyOp(bob, { type: "createPost", post: reply }, newId());
    await store.applyOp(
      carol,
      { type: "createPost", post: post("Quoting this", { quoteOf: photo.id }) },
      null,
    );
    const deleted = post("Regretted words");
    await store.applyOp(carol, { type: "createPost", post: deleted }, null);
    await store.applyOp(carol, { type: "deletePost", postId: deleted.id }, null);
    await store.applyOp(bob, { type: "like", postId: photo.id }, newId());
    await store.applyOp(carol, { type: "like", postId: photo.id }, null);
    await store.applyOp(carol, { type: "repost", postId: photo.id }, null);
    await store.applyOp(alice, { type: "like", postId: reply.id }, null);

    const dave = await remoteAccount(store, "dave", "https://remote.example", { displayName: "Dave Far" });
    const remote = remotePostRecord("Greetings from afar #fediverse");
    await store.applyOp(dave.id, { type: "receivePost", post: remote }, null);
    await store.applyOp(dave.id, { type: "follow", handle: "alice" }, null);
    await store.applyOp(alice, { type: "follow", handle: "dave@remote.example" }, null);
    const remoteId = (await store.postIdByObjectUri(remote.objectUri))!;
    await store.applyOp(bob, { type: "like", postId: remoteId }, null);
    const page = await store.notifications(alice, null, 2);
    await store.markNotificationsRead(alice, page.notifications.at(-1)!.id);
    // Reports, an admin's actions on them, a server an admin blocked.
    const report = (reporterId: number, postId: string | null) =>
      store.fileReport({
        reporterId,
        accountId: carol,
        postId,
        reason: "spam",
        comment: "",
        content: "{}",
        forward: false,
      });
    const filed = await report(alice, reply.id);
    await report(bob, null);
    await store.moderate({
      adminId: alice,
      action: "dismiss",
      target: "",
      reportId: filed.report.id,
      reason: "fine",
    });
    await store.moderate({
      adminId: alice,
      action: "block_domain",
      target: "spam.example",
      reportId: null,
      reason: "",
    });
    const cursor = await store.latestChangeSeq();

    const federation = openSqliteFederationStorage(dir);
    try {
      await federation.kv.set(["documents", "https://remote.example/users/dave"], { name: "Dave" });
      await federation.kv.set(["seen", "activity-1"], true, { ttl: duration({ hours: 1 }) });
      await federation.queue.enqueue({ type: "outbox", id: "one" });
      await federation.queue.enqueue({ type: "outbox", id: "two" }, { orderingKey: "alice" });
    } finally {
      federation.close();
    }
    // As a server stopped in the middle of a delivery leaves it.
    const raw = new DatabaseSync(path.join(dir, FEDERATION_DATABASE_FILE));
    raw.exec("UPDATE queue SET claimed_by = 'a-stopped-process' WHERE id = (SELECT min(id) FROM queue)");
    raw.close();

    return {
      ids: { alice, bob, carol, dave: dave.id },
      posts: { photo: photo.id, reply: reply.id, remote: remoteId, deleted: deleted.id },
      media,
      cursor,
    };
  } finally {
    store.close();
  }
}

/** What the Store answers about the seeded data, as clients and pages would ask. */
async function observe(store: Store, seeded: Seeded) {
  const { alice, bob, carol, dave } = seeded.ids;
  const page = { before: null, limit: 50 };
  const accounts = await Promise.all([alice, bob, carol, dave].map((id) => store.accountById(id)));
  return {
    accounts,
    byHandle: await store.accountByHandle("dave@remote.example"),
    following: await store.followingHandles(bob, 50),
    followState: await store.followState(alice, dave),
    followers: await store.followPage(alice, "followers", null, 50),
    timelines: {
      bob: await store.followingTimeline(bob, page),
      alice: await store.followingTimeline(alice, page),
      everyone: await store.everyoneTimeline(page, null),
      profile: await store.profilePosts(alice, page, bob),
      replies: await store.replies(seeded.posts.photo, page, null),
    },
    photo: await store.postById(seeded.posts.photo, bob),
    deleted: await store.postById(seeded.posts.deleted, null),
    remote: await store.postById(seeded.posts.remote, null),
    objectUri: await store.objectUriOfPost(seeded.posts.remote),
    viewer: await store.viewerState(bob, Object.values(seeded.posts)),
    media: await store.mediaById(seeded.media.id),
    mediaBytes: await store.mediaBytesUsed(alice),
    notifications: {
      alice: await store.notifications(alice, null, 50),
      bob: await store.notifications(bob, null, 50),
      unread: await store.unreadNotifications(alice),
    },
    instagram: {
      owner: await store.instagramOwner("alice.ig"),
      matches: await store.instagramMatches(bob),
      summary: await store.instagramListSummary(bob),
    },
    session: await store.findSessionAccount(Buffer.from("a".repeat(64), "hex")),
    keys: await store.actorKeys(alice),
    opApplied: await store.isOpApplied(alice, "never-used"),
    search: {
      people: await store.searchAccounts(parseSearchQuery("ali"), bob, 10),
      remotePeople: await store.searchAccounts(parseSearchQuery("dave"), null, 10),
      byName: await store.searchAccounts(parseSearchQuery("dylan"), null, 10),
      posts: await store.searchPosts(parseSearchQuery("rabbit"), null, page),
      tag: await store.searchPosts(parseSearchQuery("#fediverse"), null, page),
      deleted: await store.searchPosts(parseSearchQuery("regretted"), carol, page),
    },
    reports: {
      open: await store.reportQueue("open", null, 10),
      resolved: await store.reportQueue("resolved", null, 10),
      log: await store.actionLog(null, 10),
      blocked: await store.isDomainBlocked(["example", "spam.example"]),
      domains: await store.blockedDomainPage(null, 10),
    },
    changes: await store.changesSince(bob, 0, [seeded.posts.photo], 500),
    latest: await store.latestChangeSeq(),
    usage: await store.instanceUsage(),
    outgoing: await store.outgoingChanges(0, 500),
  };
}

/** One table's rows on SQLite, as plain values, in key order. */
function sqliteRows(file: string, query: string): unknown[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare(query)
      .all()
      .map((row) => ({ ...row }));
  } finally {
    db.close();
  }
}

describe.skipIf(TEST_STORE !== "postgres")("npm run db:copy", () => {
  it("copies a SQLite server into an empty database, which answers as SQLite did and carries on", async () => {
    const seeded = await seedSqlite(dataDir);
    const sqlite = openSqliteStore(dataDir);
    const before = await observe(sqlite, seeded);
    sqlite.close();
    expect(before.notifications.alice.notifications.length).toBeGreaterThan(3);
    expect(before.search.people.map((a) => a.handle)).toEqual(["alice"]);
    const sqliteFile = path.join(dataDir, DATABASE_FILE);
    const instance = sqliteRows(sqliteFile, "SELECT key, value FROM instance");

    const url = await emptyDatabase();
    const progress: string[] = [];
    const summary = await copySqliteToPostgres({
      from: `sqlite:${dataDir}`,
      to: url,
      chunkRows: 2, // several chunks per table, as on a big database
      onProgress: (p) => progress.push(`${p.table} ${p.rows}/${p.of}`),
    });
    expect(summary.migrated).toBe(true);
    expect(summary.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(summary.triggers).toBe("replication role");
    expect(summary.lastChangeSeq).toBe(seeded.cursor);
    expect(summary.mediaDir).toBe(path.join(dataDir, "media"));
    const rows = Object.fromEntries(summary.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({
      instance: 1,
      accounts: 4,
      posts: 5,
      likes: 4,
      kv: 2,
      queue: 2,
      sessions: 1,
    });
    expect(rows.follow_requests).toBe(1);
    expect(rows.notifications).toBe(sqliteRows(sqliteFile, "SELECT id FROM notifications").length);
    expect(summary.search).toEqual({ accounts: 4, posts: 4, sqlite: { accounts: 4, posts: 4 } });
    expect(progress).toContain("posts 4/5");
    expect(progress).toContain("posts 5/5");

    const store = await openPostgresStore(url, { dataDir });
    try {
      const after = await observe(store, seeded);
      expect(after).toEqual(before);
      expect(after.photo?.media).toHaveLength(1);
      expect(after.photo).toMatchObject({ likeCount: 2, repostCount: 1, replyCount: 1 });
      // The media file was left where it was, and is still the server's.
      expect(fs.readFileSync(path.join(dataDir, "media", seeded.media.file), "utf8")).toBe("png!");

      // A client's cursor taken before the copy sees what happens after it, and only that.
      expect((await store.changesSince(seeded.ids.bob, seeded.cursor, [], 100)).changes).toEqual([]);
      const fresh = post("After the move");
      expect(
        (await store.applyOp(seeded.ids.alice, { type: "createPost", post: fresh }, newId())).status,
      ).toBe("created");
      await store.applyOp(seeded.ids.bob, { type: "like", postId: fresh.id }, newId());
      await store.applyOp(seeded.ids.carol, { type: "follow", handle: "bob" }, newId());
      const next = await store.changesSince(seeded.ids.bob, seeded.cursor, [], 100);
      const seqs = next.changes.map((c) => c.seq);
      expect(seqs.length).toBeGreaterThanOrEqual(3);
      expect(seqs.every((seq) => seq > seeded.cursor)).toBe(true);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs.some((seq) => before.changes.changes.some((c) => c.seq === seq))).toBe(false);
      // New ids continue after the copied ones, and new rows are notified (triggers back on).
      const newcomer = await newAccount(store, "newcomer");
      expect(newcomer).toBeGreaterThan(seeded.ids.dave);
      expect((await store.notifications(seeded.ids.alice, null, 50)).notifications[0]).toMatchObject({
        kind: "like",
      });
      expect(
        (await store.searchPosts(parseSearchQuery("move"), null, { before: null, limit: 5 })).posts,
      ).toHaveLength(1);
    } finally {
      store.close();
    }

    const pg = pool(url);
    expect(await pg.unsafe("SELECT key, value FROM instance")).toEqual(instance);
    const federationFile = path.join(dataDir, FEDERATION_DATABASE_FILE);
    expect(await pg.unsafe("SELECT key, value, expires_at FROM kv ORDER BY key")).toEqual(
      sqliteRows(federationFile, "SELECT key, value, expires_at FROM kv ORDER BY key"),
    );
    // The stopped server's claim is handed back: the message runs again.
    expect(
      await pg.unsafe("SELECT id, message, ordering_key, run_at, claimed_by FROM queue ORDER BY id"),
    ).toEqual(
      sqliteRows(
        federationFile,
        "SELECT id, message, ordering_key, run_at, NULL AS claimed_by FROM queue ORDER BY id",
      ),
    );
    // Triggers are on again for the server.
    const [triggers] = await pg.unsafe<{ off: number }[]>(
      "SELECT count(*) AS off FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'",
    );
    expect(triggers!.off).toBe(0);
  });

  it("refuses a database that holds P92 data already, and changes nothing in it", async () => {
    await seedSqlite(dataDir);
    const url = await freshDatabaseUrl();
    await copySqliteToPostgres({ from: `sqlite:${path.join(dataDir, DATABASE_FILE)}`, to: url });
    const [before] = await pool(url).unsafe<{ n: number }[]>("SELECT count(*) AS n FROM notifications");
    await pools.pop()!.end();
    await expect(copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url })).rejects.toThrow(
      /not empty \(it holds 4 accounts, .*5 posts/,
    );
    const [after] = await pool(url).unsafe<{ n: number }[]>("SELECT count(*) AS n FROM notifications");
    expect(after).toEqual(before);
  });

  it("refuses a database of something else", async () => {
    await seedSqlite(dataDir);
    const url = await emptyDatabase();
    await pool(url).unsafe("CREATE TABLE invoices (id int)");
    await pools.pop()!.end();
    await expect(copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url })).rejects.toThrow(
      /holds tables but no P92 schema/,
    );
  });

  it("refuses a SQLite database not at the latest schema version, before touching PostgreSQL", async () => {
    const store = openSqliteStore(dataDir);
    await newAccount(store, "alice");
    store.close();
    const db = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
    db.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION - 1}`);
    db.close();
    const url = await emptyDatabase();
    await expect(copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url })).rejects.toThrow(
      new RegExp(
        `schema version ${LATEST_SCHEMA_VERSION - 1}, not ${LATEST_SCHEMA_VERSION}: start this P92 once on SQLite`,
      ),
    );
    const [table] = await pool(url).unsafe<{ found: boolean }[]>(
      "SELECT to_regclass('p92_schema') IS NOT NULL AS found",
    );
    expect(table!.found).toBe(false);
  });

  it("refuses a directory without a database", async () => {
    await expect(
      copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: await emptyDatabase() }),
    ).rejects.toThrow(/There is no SQLite database at/);
  });

  it("rolls everything back when a row cannot be written", async () => {
    await seedSqlite(dataDir);
    const db = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
    // A count SQLite's integers hold and PostgreSQL's integer column does not.
    db.exec("UPDATE posts SET like_count = 5000000000 WHERE text = 'Quoting this'");
    db.close();
    const url = await freshDatabaseUrl();
    await expect(copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url })).rejects.toThrow();
    const [counts] = await pool(url).unsafe<{ accounts: number; instance: string }[]>(
      "SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM instance) AS instance",
    );
    expect(counts).toEqual({ accounts: 0, instance: 1 });
  });

  it("copies text holding NUL, which PostgreSQL's text cannot hold, with U+FFFD instead", async () => {
    await seedSqlite(dataDir);
    const db = new DatabaseSync(path.join(dataDir, DATABASE_FILE));
    db.exec("UPDATE posts SET text = 'a' || char(0) || 'b' WHERE text = 'Quoting this'");
    db.close();
    const url = await freshDatabaseUrl();
    await copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url });
    const rows = await pool(url).unsafe<{ text: string }[]>("SELECT text FROM posts WHERE text LIKE 'a%b'");
    expect(rows.map((r) => r.text)).toEqual(["a\uFFFDb"]);
  });

  it(
    "refuses while another process has the SQLite database open",
    { skip: process.platform !== "linux" },
    async () => {
      await seedSqlite(dataDir);
      const holder = spawn(
        process.execPath,
        [
          "-e",
          "const { DatabaseSync } = require('node:sqlite'); new DatabaseSync(process.argv[1]).prepare('SELECT 1').get(); console.log('open'); setInterval(() => {}, 1000);",
          path.join(dataDir, DATABASE_FILE),
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.once("data", () => resolve());
          holder.once("exit", () => reject(new Error("the holder exited")));
        });
        await expect(
          copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: await emptyDatabase() }),
        ).rejects.toThrow(
          new RegExp(`open in another process \\(pid ${holder.pid}\\): stop the P92 server first`),
        );
      } finally {
        holder.kill();
      }
    },
  );

  it("copies as an owner who may not switch triggers off for the session", async () => {
    await seedSqlite(dataDir);
    const role = `copier_${newId().replaceAll("-", "").slice(-12)}`;
    admin ??= openPool(inject("postgresUrl"), { max: 1 });
    await admin.unsafe(`CREATE ROLE ${role} LOGIN`);
    const url = await emptyDatabase(role);
    const summary = await copySqliteToPostgres({ from: `sqlite:${dataDir}`, to: url });
    expect(summary.triggers).toBe("per table");
    const rows = Object.fromEntries(summary.tables.map((t) => [t.name, t.rows]));
    const sqliteNotifications = sqliteRows(path.join(dataDir, DATABASE_FILE), "SELECT id FROM notifications");
    expect(rows.notifications).toBe(sqliteNotifications.length);
    const [triggers] = await pool(url).unsafe<{ off: number }[]>(
      "SELECT count(*) AS off FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'",
    );
    expect(triggers!.off).toBe(0);
  });

  it("prints a summary, and a refusal on one line without the password", async () => {
    await seedSqlite(dataDir);
    const url = new URL(await emptyDatabase());
    url.password = "s3cret-pw";
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ["site/server/db-copy.ts", ...args], { cwd: ROOT }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const copied = await run(["--from", `sqlite:${dataDir}`, "--to", url.toString()]);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/^ {2}posts +5$/m);
    expect(copied.stdout).toMatch(/^ {2}posts_search +4 +rebuilt$/m);
    expect(copied.stdout).toContain(
      `Media files were not copied: they stay in ${path.join(dataDir, "media")}`,
    );
    expect(copied.stdout + copied.stderr).not.toContain("s3cret");

    const refused = await run(["--from", `sqlite:${dataDir}`, "--to", url.toString()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^db:copy: The PostgreSQL database is not empty .*\n$/);
    expect(refused.stdout + refused.stderr).not.toContain("s3cret");
  });

  it("names every table and column one side has that the copy would leave behind", () => {
    const tables = (file: "p92" | "federation") =>
      COPIED_TABLES.filter((t) => t.file === file).map((t) => t.name);
    const postgres = [
      ...COPIED_TABLES.map((t) => t.name),
      "accounts_search",
      "posts_search",
      "p92_schema",
      "rate_buckets",
    ];
    expect(checkTableSets(postgres, { p92: tables("p92"), federation: tables("federation") })).toBeNull();
    expect(checkTableSets(postgres, { p92: tables("p92"), federation: null })).toBeNull();
    expect(
      checkTableSets([...postgres, "invoices"], { p92: [...tables("p92"), "bookmarks"], federation: null }),
    ).toBe(
      "the PostgreSQL database holds a table that db:copy does not know (invoices): tables of something else, " +
        "or ones site/server/storage/copy/tables.ts misses; p92.sqlite has a table not copied (bookmarks)",
    );
    expect(compareColumns("posts", ["seq", "id", "pinned"], ["id", "seq", "mood"])).toBe(
      "posts: SQLite has column mood that PostgreSQL lacks, PostgreSQL has column pinned that SQLite lacks",
    );
    expect(compareColumns("posts", ["seq", "id"], ["id", "seq"])).toBeNull();
  });
});
