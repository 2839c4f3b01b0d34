import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { parseSearchQuery } from "../../../shared/search-text.ts";
import type { NewPostRecord } from "../../../site/server/storage/records.ts";
import { openSqliteStore } from "../../../site/server/storage/sqlite-store.ts";
import type { Store } from "../../../site/server/storage/store.ts";
import { MIGRATIONS } from "../../../site/server/storage/sqlite/migrations.ts";
import { DATABASE_FILE } from "../../../site/server/storage/sqlite.ts";
import { openTestStore, TEST_STORE } from "../../support/test-store.ts";
import { postRecord, newAccount } from "./accounts.ts";

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-store-"));
  store = await openTestStore(dir);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const account = (handle: string) => newAccount(store, handle);

const post = postRecord;

/** Creates a post the way every entrance does, through the Store's one operation. */
const createPost = (authorId: number, record: NewPostRecord) =>
  store.applyOp(authorId, { type: "createPost", post: record }, null);

describe(`Store (${TEST_STORE})`, () => {
  it("takes a NUL in a name or a lookup without failing (PostgreSQL keeps U+FFFD instead)", async () => {
    const alice = await account("alice");
    const done = await store.applyOp(
      alice,
      { type: "updateProfile", profile: { displayName: "A\u0000B" } },
      null,
    );
    expect(done.status).toBe("done");
    const name = (await store.accountById(alice))?.displayName;
    expect(name).toBe(TEST_STORE === "postgres" ? "A\uFFFDB" : "A\u0000B");
    expect(await store.accountByHandle("alice\u0000")).toBeNull();
    expect(await store.searchAccounts(parseSearchQuery("ana\u0000"), null, 5)).toEqual([]);
  });

  it("treats the same post id with the same content as a retry and other content as a conflict", async () => {
    const alice = await account("alice");
    const first = post("hello");
    expect((await createPost(alice, first)).status).toBe("created");
    expect((await createPost(alice, first)).status).toBe("existing");
    expect((await createPost(alice, { ...first, text: "changed" })).status).toBe("conflict");
    expect((await store.accountById(alice))?.postCount).toBe(1);
  });

  it("refuses a handle that differs only in case", async () => {
    await account("alice");
    expect(
      await store.createAccount({
        ...{ handle: "ALICE" },
        passwordHash: Buffer.alloc(1),
        passwordSalt: Buffer.alloc(1),
        displayName: "",
        bio: "",
        links: [],
        instagram: null,
      }),
    ).toBe("handle_taken");
  });

  it("applies an op once even when the same op id comes again", async () => {
    const alice = await account("alice");
    const bob = await account("bob");
    const target = post("like me");
    await createPost(bob, target);
    const opId = newId();
    await store.applyOp(alice, { type: "like", postId: target.id }, opId);
    await store.applyOp(alice, { type: "unlike", postId: target.id }, newId());
    expect(await store.applyOp(alice, { type: "like", postId: target.id }, opId)).toEqual({
      status: "already_applied",
    });
    expect((await store.postById(target.id, null))?.likeCount).toBe(0);
  });

  it("acknowledges concurrent writes together, and one failing write does not undo the others", async () => {
    const alice = await account("alice");
    const posts = Array.from({ length: 50 }, (_, i) => post(`p${i}`));
    const outcomes = await Promise.allSettled([
      ...posts.map((p) => createPost(alice, p)),
      createPost(999_999, post("no such author")),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(50);
    expect(outcomes.at(-1)?.status).toBe("rejected");
    expect((await store.accountById(alice))?.postCount).toBe(50);
  });

  it("pages changes by cursor without skipping or repeating any while writes keep coming", async () => {
    const reader = await account("reader");
    const writer = await account("writer");
    await store.applyOp(reader, { type: "follow", handle: "writer" }, null);
    let cursor = (await store.firstSyncWindow(reader, { posts: 1, follows: 1, relations: 1 }))!.cursor;
    const seen: string[] = [];
    const written: string[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = Array.from({ length: 17 }, (_, i) => post(`r${round}.${i}`));
      written.push(...batch.map((p) => p.id));
      const writes = Promise.all(batch.map((p) => createPost(writer, p)));
      const page = await store.changesSince(reader, cursor, [], 7);
      seen.push(...page.changes.flatMap((c) => (c.kind === "post" ? [c.post.id] : [])));
      cursor = page.last;
      await writes;
    }
    for (let more = true; more;) {
      const page = await store.changesSince(reader, cursor, [], 7);
      seen.push(...page.changes.flatMap((c) => (c.kind === "post" ? [c.post.id] : [])));
      cursor = page.last;
      more = page.more;
    }
    expect(seen).toEqual(written);
  });
});

describe("media kept by the store", () => {
  const mediaDir = () => path.join(dir, "media");
  async function upload(owner: number, size = 100) {
    const id = newId().replaceAll("-", "").slice(0, 20);
    fs.mkdirSync(mediaDir(), { recursive: true });
    for (const file of [`${id}.png`, `${id}.preview.webp`])
      fs.writeFileSync(path.join(mediaDir(), file), "x");
    const record = {
      id,
      ownerId: owner,
      kind: "image" as const,
      mimeType: "image/png",
      file: `${id}.png`,
      size,
      previewFile: `${id}.preview.webp`,
      width: 1,
      height: 1,
      duration: null,
      createdAt: new Date().toISOString(),
      attached: false,
    };
    expect(await store.insertMedia(record, 1000)).toBe("stored");
    return record;
  }

  it("keeps a photo while a post uses it, then forgets it and removes its files", async () => {
    const alice = await account("alice");
    const photo = await upload(alice);
    expect((await store.mediaById(photo.id))?.attached).toBe(false);
    const first = post("one", { media: [{ id: photo.id, alt: "" }] });
    const second = post("two", {
      media: [
        { id: photo.id, alt: "" },
        { id: photo.id, alt: "again" },
      ],
    });
    await createPost(alice, first);
    await createPost(alice, second);
    expect((await store.mediaById(photo.id))?.attached).toBe(true);
    await store.applyOp(alice, { type: "deletePost", postId: first.id }, null);
    expect(await store.mediaById(photo.id)).not.toBeNull();
    await store.applyOp(alice, { type: "deletePost", postId: second.id }, newId());
    expect(await store.mediaById(photo.id)).toBeNull();
    expect(fs.readdirSync(mediaDir()).filter((f) => f.startsWith(photo.id))).toEqual([]);
  });

  it("removes an avatar once another replaces it", async () => {
    const alice = await account("alice");
    const [old, fresh] = [await upload(alice), await upload(alice)];
    await store.applyOp(alice, { type: "updateProfile", profile: { avatarMediaId: old.id } }, null);
    await store.applyOp(alice, { type: "updateProfile", profile: { avatarMediaId: fresh.id } }, null);
    expect(await store.mediaById(old.id)).toBeNull();
    expect((await store.mediaById(fresh.id))?.attached).toBe(true);
    await store.applyOp(alice, { type: "updateProfile", profile: { avatarMediaId: null } }, null);
    expect(await store.mediaById(fresh.id)).toBeNull();
  });

  it("refuses to record an upload past the owner's quota, counting only what they keep", async () => {
    const alice = await account("alice");
    const bob = await account("bob");
    await upload(alice, 600);
    await upload(bob, 600);
    const over = {
      ...(await upload(alice, 300)),
      id: "extra",
      file: "extra.png",
      previewFile: null,
      size: 200,
    };
    expect(await store.insertMedia(over, 1000)).toBe("over_quota");
    expect(await store.mediaBytesUsed(alice)).toBe(900);
  });

  it("does not count against its owner's quota a photo only an open report still holds", async () => {
    const alice = await account("alice");
    const bob = await account("bob");
    const [reported, kept] = [await upload(alice, 300), await upload(alice, 200)];
    const loose = await upload(alice, 100);
    const record = post("reported", { media: [{ id: reported.id, alt: "" }] });
    await createPost(alice, record);
    await createPost(alice, post("kept", { media: [{ id: kept.id, alt: "" }] }));
    const filed = await store.fileReport({
      reporterId: bob,
      accountId: alice,
      postId: record.id,
      reason: "spam",
      comment: "",
      content: "{}",
      forward: false,
    });
    expect(await store.mediaBytesUsed(alice)).toBe(600);
    // Alice deletes the post to make room: the report keeps the photo, her quota lets it go.
    await store.applyOp(alice, { type: "deletePost", postId: record.id }, null);
    expect(await store.mediaById(reported.id)).not.toBeNull();
    expect(await store.mediaBytesUsed(alice)).toBe(300);
    expect((await store.mediaById(loose.id))?.attached).toBe(false);
    const done = await store.moderate({
      adminId: bob,
      action: "dismiss",
      target: "",
      reportId: filed.report.id,
      reason: "",
    });
    expect(done.status).toBe("done");
    expect(await store.mediaById(reported.id)).toBeNull();
    expect(await store.mediaBytesUsed(alice)).toBe(300);
  });

  it("removes uploads never attached, once they are older than the cutoff", async () => {
    const alice = await account("alice");
    const loose = await upload(alice);
    const used = await upload(alice);
    await createPost(alice, post("kept", { media: [{ id: used.id, alt: "" }] }));
    expect(await store.removeUnattachedMedia(new Date(Date.now() + 1000).toISOString())).toBe(1);
    expect(await store.mediaById(loose.id)).toBeNull();
    expect(await store.mediaById(used.id)).not.toBeNull();
    expect(fs.existsSync(path.join(mediaDir(), loose.file))).toBe(false);
  });
});

describe.skipIf(TEST_STORE !== "sqlite")("migration 4 (SQLite)", () => {
  it("cuts posts stored before the size bound, which no real post reaches", async () => {
    store.close();
    const legacyDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-legacy-"));
    const db = new DatabaseSync(path.join(legacyDir, DATABASE_FILE));
    for (const migration of MIGRATIONS.filter((m) => m.version <= 3)) db.exec(migration.sql);
    db.exec("PRAGMA user_version = 3");
    db.exec(
      `INSERT INTO accounts (handle, password_hash, password_salt, created_at) VALUES ('old', x'00', x'00', '2026-01-01T00:00:00Z')`,
    );
    const insert = db.prepare(
      `INSERT INTO posts (id, author_id, text, links, media, content_hash, created_at) VALUES (?, 1, ?, ?, '[]', 'h', '2026-01-01T00:00:00Z')`,
    );
    const [huge, nul, normal] = [newId(), newId(), newId()];
    insert.run(
      huge,
      "a" + "\u0301".repeat(500_000),
      JSON.stringify(["https://x.example/" + "y".repeat(9000)]),
    );
    // Two graphemes under the old rules, and SQLite's length() stops at the NUL.
    insert.run(nul, "\u0000" + "x".repeat(30_000), "[]");
    insert.run(normal, "a normal post", "[]");
    db.close();
    store = openSqliteStore(legacyDir);
    const cut = await store.postById(huge, null);
    expect(cut?.text.length).toBe(2000);
    expect(cut?.links).toEqual([]);
    expect((await store.postById(nul, null))?.text).toBe("x".repeat(2000));
    expect((await store.postById(normal, null))?.text).toBe("a normal post");
    fs.rmSync(legacyDir, { recursive: true, force: true });
  });
});
