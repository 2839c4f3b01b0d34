import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { APIContext } from "astro";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { parseSearchQuery } from "../../../shared/search-text.ts";
import { GET as searchAccountsRoute } from "../../../site/pages/api/search/accounts.ts";
import { GET as searchPostsRoute } from "../../../site/pages/api/search/posts.ts";
import { readConfig } from "../../../site/server/config.ts";
import type { RemotePostRecord } from "../../../site/server/storage/records.ts";
import { createRuntime, type Runtime } from "../../../site/server/runtime.ts";
import { MIGRATIONS } from "../../../site/server/storage/sqlite/migrations.ts";
import { DATABASE_FILE } from "../../../site/server/storage/sqlite.ts";
import { openSqliteStore } from "../../../site/server/storage/sqlite-store.ts";
import type { Store } from "../../../site/server/storage/store.ts";
import { storeEnv, TEST_STORE } from "../../support/test-store.ts";
import { postRecord, newAccount, remoteAccount, remotePostRecord } from "./accounts.ts";

let dataDir: string;
let runtime: Runtime;
let store: Store;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-search-"));
  runtime = await createRuntime(readConfig({ P92_DATA_DIR: dataDir, ...(await storeEnv()) }));
  store = runtime.store;
});

afterEach(() => {
  runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const named = async (handle: string, displayName: string) => {
  const id = await newAccount(store, handle);
  await store.applyOp(id, { type: "updateProfile", profile: { displayName } }, null);
  return id;
};

const post = async (authorId: number, text: string) => {
  const outcome = await store.applyOp(
    authorId,
    {
      type: "createPost",
      post: postRecord(text),
    },
    null,
  );
  if (outcome.status !== "created") throw new Error(outcome.status);
  return outcome.post.id;
};

const remote = async (user: string, displayName: string) =>
  (await remoteAccount(store, user, "https://remote.example", { displayName })).id;

const remotePost = (text: string, extra: Partial<RemotePostRecord> = {}) => remotePostRecord(text, extra);

const people = async (q: string, reader: number | null = null) =>
  (await store.searchAccounts(parseSearchQuery(q), reader, 10)).map((a) => a.handle);

const posts = async (q: string, reader: number | null = null, before: number | null = null, limit = 20) =>
  (await store.searchPosts(parseSearchQuery(q), reader, { before, limit })).posts.map((p) => p.text);

describe("people search", () => {
  it("finds Léa from lea, by the start of any word of the name or the handle", async () => {
    await named("lmartin", "Léa Martin");
    await named("leon", "Léon");
    await named("paul", "Paul Lea-Smith");
    await named("zoe", "Zoé");
    expect((await people("lea")).sort()).toEqual(["lmartin", "paul"]);
    expect(await people("LÉA mar")).toEqual(["lmartin"]);
    expect(await people("le")).toHaveLength(3);
    expect(await people("zo")).toEqual(["zoe"]);
    expect(await people("xyz")).toEqual([]);
  });

  it("ranks people the reader follows or who follow the reader first, then proven Instagram handles", async () => {
    const reader = await named("reader", "Reader");
    await named("annastranger", "Anna");
    const proven = await named("annaproven", "Anna");
    await named("annafollowed", "Anna");
    const follower = await named("annafollower", "Anna");
    await store.applyOp(reader, { type: "follow", handle: "annafollowed" }, null);
    await store.applyOp(follower, { type: "follow", handle: "reader" }, null);
    await store.saveProof(proven, { handle: "anna.p", code: "p92-abc", expiresAt: "2999-01-01T00:00:00Z" });
    await store.proveInstagram(
      proven,
      { handle: "anna.p", code: "p92-abc", username: "anna.p", verified: false },
      "2026-01-01T00:00:00Z",
    );
    const ranked = await people("anna", reader);
    expect(ranked.slice(0, 2).sort()).toEqual(["annafollowed", "annafollower"]);
    expect(ranked.slice(2)).toEqual(["annaproven", "annastranger"]);
    // Without a reader, proven handles still come first.
    expect((await people("anna"))[0]).toBe("annaproven");
  });

  it("puts the handle typed in full first, dots and all", async () => {
    for (const n of [1, 2, 3]) await named(`ana.martin${n}`, "Ana Martin");
    await named("ana.martin", "Someone");
    expect((await people("@Ana.Martin"))[0]).toBe("ana.martin");
  });

  it("finds a renamed account by its new name only", async () => {
    const id = await named("sam", "Samuel");
    await store.applyOp(id, { type: "updateProfile", profile: { displayName: "Noémie" } }, null);
    expect(await people("samuel")).toEqual([]);
    expect(await people("noemie")).toEqual(["sam"]);
  });

  it("finds people from other servers by their user name and name, until their server deletes them", async () => {
    await remote("gaelle", "Gaëlle");
    expect(await people("gaelle")).toEqual(["gaelle@remote.example"]);
    expect(await people("remote")).toEqual([]);
    await store.deleteRemoteAccount("https://remote.example/users/gaelle");
    expect(await people("gaelle")).toEqual([]);
  });
});

describe("post search", () => {
  it("finds words whatever their accents, emoji and Arabic with or without harakat", async () => {
    const ana = await newAccount(store, "ana");
    await post(ana, "Un café à Lyon ☕");
    await post(ana, "مَرْحَبًا بالعالم");
    await post(ana, "Bonne année 🎉🎉");
    expect(await posts("cafe")).toEqual(["Un café à Lyon ☕"]);
    expect(await posts("CAFÉ lyon")).toEqual(["Un café à Lyon ☕"]);
    expect(await posts("☕")).toEqual(["Un café à Lyon ☕"]);
    expect(await posts("مرحبا")).toEqual(["مَرْحَبًا بالعالم"]);
    expect(await posts("🎉")).toEqual(["Bonne année 🎉🎉"]);
    expect(await posts("annee")).toEqual(["Bonne année 🎉🎉"]);
    expect(await posts("cafe paris")).toEqual([]);
  });

  it("takes the last word as a prefix from three letters on", async () => {
    const ana = await newAccount(store, "ana");
    await post(ana, "Lyonnais et fiers");
    expect(await posts("lyo")).toEqual(["Lyonnais et fiers"]);
    expect(await posts("ly")).toEqual([]);
    expect(await posts("lyo fiers")).toEqual([]);
  });

  it("finds a hashtag as a tag, and its word anywhere", async () => {
    const ana = await newAccount(store, "ana");
    await post(ana, "Ce soir à #Lyon");
    await post(ana, "Lyon sous la pluie");
    await post(ana, "#مَرْحَبًا");
    expect(await posts("#lyon")).toEqual(["Ce soir à #Lyon"]);
    expect(await posts("lyon")).toEqual(["Lyon sous la pluie", "Ce soir à #Lyon"]);
    expect(await posts("#مرحبا")).toEqual(["#مَرْحَبًا"]);
  });

  it("pages newest first and forgets deleted posts", async () => {
    const ana = await newAccount(store, "ana");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await post(ana, `soupe numéro ${i}`));
    const first = await store.searchPosts(parseSearchQuery("soupe"), null, { before: null, limit: 2 });
    expect(first.posts.map((p) => p.text)).toEqual(["soupe numéro 4", "soupe numéro 3"]);
    expect(await posts("soupe", null, first.next, 10)).toEqual([
      "soupe numéro 2",
      "soupe numéro 1",
      "soupe numéro 0",
    ]);
    await store.applyOp(ana, { type: "deletePost", postId: ids[4]! }, null);
    expect(await posts("soupe", null, null, 1)).toEqual(["soupe numéro 3"]);
  });

  it("finds received posts, an edit by its new text, and followers-only posts only for followers", async () => {
    const reader = await newAccount(store, "reader");
    const bob = await remote("bob", "Bob");
    const first = remotePost("Received from afar");
    await store.applyOp(bob, { type: "receivePost", post: first }, null);
    await store.applyOp(
      bob,
      { type: "receivePost", post: remotePost("Secret gathering", { visibility: "followers" }) },
      null,
    );
    expect(await posts("afar")).toEqual(["Received from afar"]);
    await store.applyOp(
      bob,
      {
        type: "editRemotePost",
        post: { ...first, text: "Edited words", editedAt: new Date().toISOString() },
      },
      null,
    );
    expect(await posts("afar")).toEqual([]);
    expect(await posts("edited")).toEqual(["Edited words"]);
    expect(await posts("secret", reader)).toEqual([]);
    await store.applyOp(reader, { type: "follow", handle: "bob@remote.example" }, null);
    await store.applyOp(bob, { type: "acceptFollow", followerId: reader }, null);
    expect(await posts("secret", reader)).toEqual(["Secret gathering"]);
    expect(await posts("secret")).toEqual([]);
  });

  it("searches a content warning with the text", async () => {
    const bob = await remote("bob", "Bob");
    await store.applyOp(
      bob,
      { type: "receivePost", post: remotePost("the ending", { contentWarning: "Spoilers" }) },
      null,
    );
    expect(await posts("spoilers")).toEqual(["the ending"]);
  });
});

describe("search routes", () => {
  const get = async (route: typeof searchPostsRoute, query: string) => {
    const url = new URL(`http://localhost/api/search/x?${query}`);
    const response = await route({
      url,
      request: new Request(url),
      locals: { runtime, clientAddress: "192.0.2.1" },
    } as unknown as APIContext);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("answers people and pages of posts, and refuses a missing or oversized query", async () => {
    const ana = await named("ana", "Ana Lima");
    for (let i = 0; i < 3; i++) await post(ana, `tarte ${i}`);
    const found = await get(searchAccountsRoute, "q=lim");
    expect(found.body).toMatchObject({ accounts: [{ handle: "ana", displayName: "Ana Lima" }] });
    const page = await get(searchPostsRoute, "q=tarte&limit=2");
    expect((page.body.posts as { text: string }[]).map((p) => p.text)).toEqual(["tarte 2", "tarte 1"]);
    const rest = await get(searchPostsRoute, `q=tarte&before=${String(page.body.next)}`);
    expect(rest.body).toMatchObject({ posts: [{ text: "tarte 0" }], next: null });
    expect((await get(searchPostsRoute, "")).status).toBe(400);
    // Nothing to search for (punctuation, a lone combining mark, a joiner, quotes): nothing found.
    for (const q of ["!!!", "\u0301", "\u200d", '"*^', "#"]) {
      expect(await get(searchPostsRoute, `q=${encodeURIComponent(q)}`)).toEqual({
        status: 200,
        body: { posts: [], next: null },
      });
      expect(await get(searchAccountsRoute, `q=${encodeURIComponent(q)}`)).toEqual({
        status: 200,
        body: { accounts: [] },
      });
    }
    expect((await get(searchAccountsRoute, `q=${"a".repeat(3000)}`)).status).toBe(422);
    expect((await get(searchAccountsRoute, "q=ana&limit=x")).status).toBe(400);
  });
});

describe.skipIf(TEST_STORE !== "sqlite")("search index migration (SQLite)", () => {
  it("indexes the people and posts a server already had, but not deleted posts", async () => {
    const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-legacy-search-"));
    const db = new DatabaseSync(path.join(legacyDir, DATABASE_FILE));
    for (const migration of MIGRATIONS.filter((m) => m.version <= 8)) db.exec(migration.sql);
    db.exec("PRAGMA user_version = 8");
    db.exec(`INSERT INTO accounts (handle, password_hash, password_salt, display_name, created_at)
      VALUES ('old', x'01', x'02', 'Élodie', '2026-01-01T00:00:00Z')`);
    const insert = db.prepare(
      `INSERT INTO posts (id, author_id, text, links, media, content_hash, created_at, deleted_at)
       VALUES (?, 1, ?, '[]', '[]', ?, '2026-01-02T00:00:00Z', ?)`,
    );
    insert.run(newId(), "Une crêpe #Bretagne", "a", null);
    insert.run(newId(), "crêpe effacée", "b", "2026-01-03T00:00:00Z");
    db.close();
    const legacy = openSqliteStore(legacyDir);
    try {
      expect((await legacy.searchAccounts(parseSearchQuery("elo"), null, 5)).map((a) => a.handle)).toEqual([
        "old",
      ]);
      const found = await legacy.searchPosts(parseSearchQuery("crepe #bretagne"), null, {
        before: null,
        limit: 5,
      });
      expect(found.posts.map((p) => p.text)).toEqual(["Une crêpe #Bretagne"]);
    } finally {
      legacy.close();
      fs.rmSync(legacyDir, { recursive: true, force: true });
    }
  });
});
