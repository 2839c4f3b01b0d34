import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toAccount } from "../../../../site/server/serialize.ts";
import { MIGRATIONS } from "../../../../site/server/storage/sqlite/migrations.ts";
import type { RemoteProfile } from "../../../../site/server/storage/records.ts";
import { DATABASE_FILE } from "../../../../site/server/storage/sqlite.ts";
import { openSqliteStore } from "../../../../site/server/storage/sqlite-store.ts";
import type { Store } from "../../../../site/server/storage/store.ts";
import { newAccount } from "../accounts.ts";

let dataDir: string;
let store: Store;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-remote-"));
  store = openSqliteStore(dataDir);
});

afterEach(() => {
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const profile = (handle: string, actorUri: string, extra: Partial<RemoteProfile> = {}): RemoteProfile => ({
  handle,
  displayName: "Bob",
  bio: "hi",
  links: [],
  suspended: false,
  actor: {
    actorUri,
    inbox: `${actorUri}/inbox`,
    sharedInbox: "https://remote.example/inbox",
    followers: `${actorUri}/followers`,
    url: "https://remote.example/@bob",
    avatarUrl: null,
  },
  ...extra,
});

describe("remote accounts", () => {
  it("are created and refreshed by actor id, cannot sign in and are not this server's users", async () => {
    await newAccount(store, "alice");
    const bob = await store.saveRemoteAccount(
      profile("bob@remote.example", "https://remote.example/users/bob"),
    );
    expect(bob).toMatchObject({
      handle: "bob@remote.example",
      remote: { url: "https://remote.example/@bob" },
    });
    const refreshed = await store.saveRemoteAccount(
      profile("bob@remote.example", "https://remote.example/users/bob", { displayName: "Robert" }),
    );
    expect(refreshed).toMatchObject({ id: (bob as { id: number }).id, displayName: "Robert" });
    expect(await store.findCredentials("bob@remote.example")).toBeNull();
    expect(await store.instanceUsage()).toEqual({ users: 1, posts: 0 });
  });

  it("never take a handle another live account holds", async () => {
    await store.saveRemoteAccount(profile("bob@remote.example", "https://remote.example/users/bob"));
    expect(
      await store.saveRemoteAccount(profile("bob@remote.example", "https://remote.example/users/impostor")),
    ).toBe("handle_taken");
    expect((await store.accountByHandle("bob@remote.example"))?.remote?.actorUri).toBe(
      "https://remote.example/users/bob",
    );
  });

  it("keep the handle they were created with, and once deleted stay deleted, handle and all", async () => {
    const actor = "https://remote.example/users/bob";
    await store.saveRemoteAccount(profile("bob@remote.example", actor));
    const renamed = await store.saveRemoteAccount(profile("robert@remote.example", actor));
    expect(renamed).toMatchObject({ handle: "bob@remote.example" });
    expect(await store.deleteRemoteAccount(actor)).toBe(true);
    expect(await store.accountByHandle("bob@remote.example")).toBeNull();
    expect(await store.saveRemoteAccount(profile("bob@remote.example", actor))).toBe("deleted");
    expect(
      await store.saveRemoteAccount(profile("bob@remote.example", "https://remote.example/users/bob2")),
    ).toBe("handle_taken");
  });

  it("once deleted, end the requests to follow them on the askers' devices", async () => {
    const actor = "https://remote.example/users/bob";
    await store.saveRemoteAccount(profile("bob@remote.example", actor));
    const alice = await newAccount(store, "alice");
    await store.applyOp(alice, { type: "follow", handle: "bob@remote.example" }, null);
    const follows = async () =>
      (await store.changesSince(alice, 0, [], 100)).changes.filter((c) => c.kind === "follow");
    expect(await follows()).toMatchObject([
      { followee: "bob@remote.example", active: true, requested: true },
    ]);
    await store.deleteRemoteAccount(actor);
    expect((await follows()).at(-1)).toMatchObject({ followee: "bob@remote.example", active: false });
    expect((await follows()).at(-1)).not.toHaveProperty("requested");
  });

  it("are described by the API with remote: true, their page, and their avatar through this server", async () => {
    const bob = await store.saveRemoteAccount(
      profile("bob@remote.example", "https://remote.example/users/bob", {
        actor: {
          actorUri: "https://remote.example/users/bob",
          inbox: "https://remote.example/users/bob/inbox",
          sharedInbox: null,
          followers: null,
          url: "https://remote.example/@bob",
          avatarUrl: "https://files.remote.example/bob.png",
        },
      }),
    );
    if (typeof bob === "string") throw new Error(bob);
    expect(toAccount("https://p92.example", bob)).toMatchObject({
      id: "https://p92.example/api/accounts/bob@remote.example",
      handle: "bob@remote.example",
      remote: true,
      url: "https://remote.example/@bob",
      // Their avatar through this server's copy of it (media/remote-serve.ts).
      avatarUrl: expect.stringMatching(
        /^https:\/\/p92\.example\/api\/remote-media\/avatars\/bob%40remote\.example\//,
      ),
    });
    const alice = await store.accountById(await newAccount(store, "alice"));
    expect(toAccount("https://p92.example", alice!)).not.toHaveProperty("remote");
  });
});

describe("migrations 6 and 7", () => {
  it("keep every account, its password, its follows and posts while making room for remote ones", async () => {
    store.close();
    const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-legacy-"));
    const db = new DatabaseSync(path.join(legacyDir, DATABASE_FILE));
    for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) db.exec(migration.sql);
    db.exec("PRAGMA user_version = 5");
    db.exec(`INSERT INTO accounts (handle, password_hash, password_salt, follower_count, created_at, auto_follow_instagram)
      VALUES ('old', x'0102', x'03', 1, '2026-01-01T00:00:00Z', 0), ('other', x'04', x'05', 0, '2026-01-02T00:00:00Z', 1)`);
    db.exec(
      `INSERT INTO follows (follower_id, followee_id, created_at) VALUES (2, 1, '2026-01-03T00:00:00Z')`,
    );
    const postId = "0190b0c2-0000-7000-8000-000000000001";
    db.prepare(
      `INSERT INTO posts (id, author_id, text, links, media, content_hash, created_at)
       VALUES (?, 1, 'old post', '[]', '[]', 'h', '2026-01-04T00:00:00Z')`,
    ).run(postId);
    db.close();

    store = openSqliteStore(legacyDir);
    expect(await store.findCredentials("old")).toEqual({
      accountId: 1,
      hash: Buffer.from([1, 2]),
      salt: Buffer.from([3]),
    });
    expect(await store.accountByHandle("old")).toMatchObject({ followerCount: 1, remote: null });
    expect(await store.followingHandles(2, 10)).toEqual(["old"]);
    expect(await store.instagramListSummary(1)).toMatchObject({ autoFollow: false });
    expect(await store.postById(postId, null)).toMatchObject({
      text: "old post",
      remote: null,
      visibility: "public",
      contentWarning: null,
      editedAt: null,
    });
    expect((await store.health()).schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    store.close();
    fs.rmSync(legacyDir, { recursive: true, force: true });
    store = openSqliteStore(dataDir);
  });
});
