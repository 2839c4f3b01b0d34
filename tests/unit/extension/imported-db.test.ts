import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { Dexie } from "dexie";
import {
  beginFollowRun,
  countFollows,
  deleteImportedData,
  finishFollowRun,
  pauseFollowRuns,
  readFollows,
  storeFollowPage,
  storeImportedProfile,
} from "../../../shared/db/imported.ts";
import { P92Database } from "../../../shared/db/schema.ts";
import type { ImportedFollow } from "../../../shared/schema/instagram.ts";

let db: P92Database;
afterEach(async () => {
  db.close();
  await db.delete();
});

const follow = (handle: string): ImportedFollow => ({
  list: "followers",
  handle,
  instagramId: "1",
  fullName: handle,
  avatarUrl: null,
  isVerified: false,
  importedAt: "2026-11-29T00:00:00.000Z",
});

describe("storing imported follow lists", () => {
  it("resumes an unfinished run from its saved cursor and starts afresh after a finished one", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    const first = await beginFollowRun(db, "followers");
    expect(first.cursor).toBeNull();
    await storeFollowPage(db, {
      list: "followers",
      runId: first.runId,
      rows: [follow("ann")],
      nextCursor: "c1",
      total: 2,
    });
    await pauseFollowRuns(db);
    const resumed = await beginFollowRun(db, "followers");
    expect(resumed).toMatchObject({
      runId: first.runId,
      cursor: "c1",
      fetched: 1,
      total: 2,
      status: "running",
    });
    await finishFollowRun(db, "followers", resumed.runId);
    const next = await beginFollowRun(db, "followers");
    expect(next.runId).not.toBe(first.runId);
    expect(next.cursor).toBeNull();
  });

  it("re-import adds new follows, removes unfollows and never duplicates a handle", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    const one = await beginFollowRun(db, "followers");
    await storeFollowPage(db, {
      list: "followers",
      runId: one.runId,
      rows: ["ann", "Bob", "cid"].map(follow),
      nextCursor: null,
    });
    await finishFollowRun(db, "followers", one.runId);
    const two = await beginFollowRun(db, "followers");
    await storeFollowPage(db, {
      list: "followers",
      runId: two.runId,
      rows: ["ann", "bob", "dan"].map(follow),
      nextCursor: "x",
    });
    await storeFollowPage(db, {
      list: "followers",
      runId: two.runId,
      rows: ["bob", "eve"].map(follow),
      nextCursor: null,
    });
    expect(await finishFollowRun(db, "followers", two.runId)).toBe(1);
    const handles = (await readFollows(db, "followers", null, 100)).map((r) => r.handle);
    expect(handles).toEqual(["ann", "bob", "dan", "eve"]);
    // Pages follow each other by the last handle read: nothing skipped, nothing twice.
    const first = (await readFollows(db, "followers", null, 3)).map((r) => r.handle);
    const next = (await readFollows(db, "followers", first.at(-1)!, 3)).map((r) => r.handle);
    expect([first, next]).toEqual([["ann", "bob", "dan"], ["eve"]]);
  });

  it("a re-import longer than one finishing page drops every unfollow, on both sides of a page edge", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    const handles = Array.from({ length: 12_000 }, (_, i) => `user${String(i).padStart(5, "0")}`);
    const one = await beginFollowRun(db, "followers");
    await storeFollowPage(db, {
      list: "followers",
      runId: one.runId,
      rows: handles.map(follow),
      nextCursor: null,
    });
    await finishFollowRun(db, "followers", one.runId);
    const two = await beginFollowRun(db, "followers");
    expect(two.startedEmpty).toBe(false);
    const kept = handles.filter((_, i) => i % 1000 !== 0 && i !== 4999 && i !== 5000);
    await storeFollowPage(db, {
      list: "followers",
      runId: two.runId,
      rows: kept.map(follow),
      nextCursor: null,
    });
    expect(await finishFollowRun(db, "followers", two.runId)).toBe(handles.length - kept.length);
    expect(await countFollows(db, "followers")).toBe(kept.length);
  });

  it("a first import remembers across pages and a pause that its list began empty", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    const run = await beginFollowRun(db, "following");
    expect(run.startedEmpty).toBe(true);
    await storeFollowPage(db, {
      list: "following",
      runId: run.runId,
      rows: [follow("ann")],
      nextCursor: "c",
    });
    await pauseFollowRuns(db);
    expect(await beginFollowRun(db, "following")).toMatchObject({ runId: run.runId, startedEmpty: true });
    await storeFollowPage(db, {
      list: "following",
      runId: run.runId,
      rows: [follow("bob")],
      nextCursor: null,
    });
    expect(await finishFollowRun(db, "following", run.runId)).toBe(0);
    expect(await countFollows(db, "following")).toBe(2);
  });

  it("a device on schema version 4 keeps its lists, and its next re-import still drops unfollows", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(4).stores({ follows: "[list+handle], [list+runId]", importState: "list" });
    await old.table("follows").bulkPut(["ann", "bob"].map((h) => ({ ...follow(h), runId: "old-run" })));
    await old.table("importState").put({ list: "followers", runId: "old-run", cursor: null, status: "done" });
    old.close();
    db = new P92Database(name);
    expect(await countFollows(db, "followers")).toBe(2);
    const run = await beginFollowRun(db, "followers");
    await storeFollowPage(db, {
      list: "followers",
      runId: run.runId,
      rows: [follow("bob")],
      nextCursor: null,
    });
    expect(await finishFollowRun(db, "followers", run.runId)).toBe(1);
    expect((await readFollows(db, "followers", null, 10)).map((r) => r.handle)).toEqual(["bob"]);
  });

  it("refuses a page from a run that a newer one replaced", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    const one = await beginFollowRun(db, "following");
    await finishFollowRun(db, "following", one.runId);
    await beginFollowRun(db, "following");
    await expect(
      storeFollowPage(db, { list: "following", runId: one.runId, rows: [follow("ann")], nextCursor: null }),
    ).rejects.toThrow(/newer import/);
    expect(await db.follows.count()).toBe(0);
  });

  it("deletes the profile, both lists and the cursors together", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    await storeImportedProfile(
      db,
      {
        instagramId: "1",
        handle: "ann",
        fullName: "Ann",
        bio: "",
        bioLinks: [],
        avatarUrl: null,
        isVerified: false,
        isPrivate: false,
        followerCount: 1,
        followingCount: 1,
        importedAt: "2026-11-29T00:00:00.000Z",
      },
      new Blob(["x"], { type: "image/jpeg" }),
    );
    const run = await beginFollowRun(db, "following");
    await storeFollowPage(db, {
      list: "following",
      runId: run.runId,
      rows: [follow("bob")],
      nextCursor: "c",
    });
    await deleteImportedData(db);
    expect([await db.profile.count(), await db.follows.count(), await db.importState.count()]).toEqual([
      0, 0, 0,
    ]);
  });
});
