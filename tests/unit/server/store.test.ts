import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { SqliteStore, openSqliteStore } from "../../../site/server/storage/sqlite-store.ts";
import type { NewPostRecord } from "../../../site/server/storage/store.ts";

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-store-"));
  store = openSqliteStore(dir);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function account(handle: string): Promise<number> {
  const created = await store.createAccount({
    handle,
    passwordHash: Buffer.alloc(64),
    passwordSalt: Buffer.alloc(16),
    displayName: "",
    bio: "",
    links: [],
    instagram: null,
  });
  if (created === "handle_taken") throw new Error("taken");
  return created.id;
}

const post = (text: string, extra: Partial<NewPostRecord> = {}): NewPostRecord => ({
  id: newId(),
  text,
  links: [],
  media: [],
  replyTo: null,
  quoteOf: null,
  ...extra,
});

describe("SQLite store", () => {
  it("treats the same post id with the same content as a retry and other content as a conflict", async () => {
    const alice = await account("alice");
    const first = post("hello");
    expect((await store.createPost(alice, first)).status).toBe("created");
    expect((await store.createPost(alice, first)).status).toBe("existing");
    expect((await store.createPost(alice, { ...first, text: "changed" })).status).toBe("conflict");
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
    await store.createPost(bob, target);
    const opId = newId();
    await store.applyOp(alice, opId, { type: "like", postId: target.id });
    await store.applyOp(alice, newId(), { type: "unlike", postId: target.id });
    expect(await store.applyOp(alice, opId, { type: "like", postId: target.id })).toEqual({
      status: "already_applied",
    });
    expect((await store.postById(target.id))?.likeCount).toBe(0);
  });

  it("acknowledges concurrent writes together, and one failing write does not undo the others", async () => {
    const alice = await account("alice");
    const posts = Array.from({ length: 50 }, (_, i) => post(`p${i}`));
    const outcomes = await Promise.allSettled([
      ...posts.map((p) => store.createPost(alice, p)),
      store.createPost(999_999, post("no such author")),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(50);
    expect(outcomes.at(-1)?.status).toBe("rejected");
    expect((await store.accountById(alice))?.postCount).toBe(50);
  });

  it("pages changes by cursor without skipping or repeating any while writes keep coming", async () => {
    const reader = await account("reader");
    const writer = await account("writer");
    await store.setFollow(reader, "writer", true);
    let cursor = (await store.firstSyncWindow(reader, { posts: 1, follows: 1 }))!.cursor;
    const seen: string[] = [];
    const written: string[] = [];
    for (let round = 0; round < 20; round++) {
      const batch = Array.from({ length: 17 }, (_, i) => post(`r${round}.${i}`));
      written.push(...batch.map((p) => p.id));
      const writes = Promise.all(batch.map((p) => store.createPost(writer, p)));
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
