import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  beginFollowRun,
  countFollows,
  finishFollowRun,
  readFollowRun,
  storeFollowPage,
} from "../../../shared/db/imported.ts";
import { readImportedProfile } from "../../../shared/db/profile.ts";
import { P92Database } from "../../../shared/db/schema.ts";
import type { ImportedFollow, ImportedProfile } from "../../../shared/schema/instagram.ts";
import { createBridgeClient } from "../../../site/lib/bridge-client.ts";
import { createImportReceiver, storeExport } from "../../../site/lib/import-store.ts";
import { fakePage } from "../extension/fake-page.ts";

const importedAt = "2026-12-03T00:00:00.000Z";
const profile: ImportedProfile = {
  instagramId: "1",
  handle: "Ana.Silva",
  fullName: "Ana",
  bio: "",
  bioLinks: [],
  avatarUrl: null,
  isVerified: false,
  isPrivate: false,
  followerCount: 3,
  followingCount: 2,
  importedAt,
};
const row = (list: ImportedFollow["list"], handle: string): ImportedFollow => ({
  list,
  handle,
  instagramId: null,
  fullName: "",
  avatarUrl: null,
  isVerified: false,
  importedAt,
});

let db: P92Database;
beforeEach(async () => {
  db = new P92Database(`test-${crypto.randomUUID()}`);
  // A re-import: "old" was followed at the last import.
  const run = await beginFollowRun(db, "following");
  await storeFollowPage(db, {
    list: "following",
    runId: run.runId,
    rows: [row("following", "old")],
    nextCursor: null,
  });
  await finishFollowRun(db, "following", run.runId);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** Waits until the receiver has handled everything posted so far. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("receiving an import from the extension", () => {
  it("stores each chunk as it arrives, then drops the accounts no longer followed at the end", async () => {
    const { win, sent, reply } = fakePage();
    const received = createBridgeClient(win).receiveImported(createImportReceiver(db));
    const requestId = sent[0]!.requestId;
    reply({ type: "imported-profile", requestId, profile, avatar: null });
    reply({ type: "imported-follows", requestId, list: "following", rows: [row("following", "ann")] });
    await settle();
    expect(await countFollows(db, "following")).toBe(2);
    reply({ type: "imported-follows", requestId, list: "following", rows: [row("following", "bob")] });
    reply({ type: "imported-follows", requestId, list: "followers", rows: [row("followers", "cy")] });
    reply({ type: "imported-end", requestId, counts: { following: 2, followers: 1 } });
    await received;
    expect(await countFollows(db, "following")).toBe(2);
    expect(await countFollows(db, "followers")).toBe(1);
    expect((await readImportedProfile(db))?.handle).toBe("Ana.Silva");
  });

  it("keeps every chunk stored before a failure, and takes no account for an unfollow", async () => {
    const { win, sent, reply } = fakePage();
    const received = createBridgeClient(win).receiveImported(createImportReceiver(db));
    const requestId = sent[0]!.requestId;
    reply({ type: "imported-profile", requestId, profile, avatar: null });
    reply({ type: "imported-follows", requestId, list: "following", rows: [row("following", "ann")] });
    reply({ type: "error", requestId, code: "failed", message: "The extension stopped." });
    await expect(received).rejects.toThrow("The extension stopped.");
    expect(await countFollows(db, "following")).toBe(2);
    expect((await readFollowRun(db, "following"))?.status).toBe("running");
    // The profile, stored last, is not there: the onboarding does not move on with half a list.
    expect(await readImportedProfile(db)).toBeUndefined();
  });

  it("stores nothing while the extension has no profile yet", async () => {
    const { win, sent, reply } = fakePage();
    const received = createBridgeClient(win).receiveImported(createImportReceiver(db));
    const requestId = sent[0]!.requestId;
    reply({ type: "imported-profile", requestId, profile: null, avatar: null });
    reply({ type: "imported-end", requestId, counts: { following: 0, followers: 0 } });
    await received;
    expect(await countFollows(db, "following")).toBe(1);
    expect(await readImportedProfile(db)).toBeUndefined();
  });
});

describe("storing an Instagram export", () => {
  it("stores the lists in bridge-sized chunks and the profile, like an extension import", async () => {
    const following = Array.from({ length: 4500 }, (_, i) => row("following", `user${i}`));
    await storeExport({ profile, avatar: null, follows: { following, followers: [] }, skipped: 0 }, db);
    expect(await countFollows(db, "following")).toBe(4500);
    expect(await countFollows(db, "followers")).toBe(0);
    expect(await readFollowRun(db, "following")).toMatchObject({ status: "done", fetched: 4500 });
    expect((await readImportedProfile(db))?.handle).toBe("Ana.Silva");
  });
});
