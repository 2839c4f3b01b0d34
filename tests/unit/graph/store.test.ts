import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../../site/server/storage/store.ts";
import { openTestStore } from "../../support/test-store.ts";

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-graph-unit-"));
  store = await openTestStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function account(handle: string, claim: string | null = null): Promise<number> {
  const created = await store.createAccount({
    handle,
    passwordHash: Buffer.alloc(1),
    passwordSalt: Buffer.alloc(1),
    displayName: "",
    bio: "",
    links: [],
    instagram: claim ? { handle: claim, verified: true } : null,
  });
  if (created === "handle_taken") throw new Error("taken");
  return created.id;
}

async function prove(id: number, handle: string, verified = false) {
  const code = `p92-${handle.replace(/\W/g, "")}`;
  await store.saveProof(id, { handle, code, expiresAt: "2999-01-01T00:00:00.000Z" });
  return store.proveInstagram(id, { handle, code, username: handle, verified }, new Date().toISOString());
}

describe("the Instagram graph in SQLite", () => {
  it("matches only proven handles, whatever case the uploaded list used", async () => {
    const [me, proven] = [await account("me"), await account("proven")];
    await account("claimer", "claimed.ig");
    await prove(proven, "proven.ig");
    await store.replaceInstagramList(me, "following", ["Proven.IG", "proven.ig", "claimed.ig"]);
    expect(await store.instagramListSummary(me)).toEqual({ following: 2, followers: 0, autoFollow: true });
    expect((await store.instagramMatches(me)).accounts.map((a) => a.handle)).toEqual(["proven"]);
  });

  it("an arrival keeps every counter equal to the follows stored, and proving again changes nothing", async () => {
    const waiting = await Promise.all(["w1", "w2", "w3"].map((h) => account(h)));
    for (const id of waiting) await store.replaceInstagramList(id, "following", ["star.ig"]);
    await store.setAutoFollow(waiting[2]!, false);
    const star = await account("star");
    const first = await prove(star, "star.ig", true);
    expect(first).toMatchObject({ status: "proven", autoFollowed: 2, instagramFollowersHere: 2 });
    const again = await prove(star, "star.ig", true);
    expect(again).toMatchObject({ status: "proven", autoFollowed: 0, instagramFollowersHere: 2 });
    expect(await store.accountById(star)).toMatchObject({
      followerCount: 2,
      instagram: { handle: "star.ig", proven: true, verified: true },
    });
    expect((await store.accountById(waiting[0]!))!.followingCount).toBe(1);
    expect((await store.accountById(waiting[2]!))!.followingCount).toBe(0);
    // One "joined" notification each, not one per proof.
    for (const id of waiting) {
      expect((await store.notifications(id, null, 50)).notifications.map((n) => n.kind)).toEqual([
        "instagram_joined",
      ]);
    }
  });

  it("a spent, replaced or expired code links nothing", async () => {
    const id = await account("late");
    await store.saveProof(id, { handle: "late.ig", code: "p92-old", expiresAt: "2000-01-01T00:00:00.000Z" });
    const at = new Date().toISOString();
    expect(
      await store.proveInstagram(
        id,
        { handle: "late.ig", code: "p92-old", username: "late.ig", verified: false },
        at,
      ),
    ).toEqual({ status: "expired" });
    expect(
      await store.proveInstagram(
        id,
        { handle: "late.ig", code: "p92-other", username: "late.ig", verified: false },
        at,
      ),
    ).toEqual({ status: "no_proof" });
    expect((await store.accountById(id))!.instagram).toBeNull();
    expect(await store.instagramOwner("late.ig")).toBeNull();
  });

  it("proving a second handle drops the first; another account proving it drops theirs", async () => {
    const [one, two] = [await account("one"), await account("two")];
    await prove(one, "first.ig");
    await prove(one, "second.ig");
    expect(await store.instagramOwner("first.ig")).toBeNull();
    expect(await store.instagramOwner("second.ig")).toBe("one");
    const moved = await prove(two, "second.ig");
    expect(moved).toMatchObject({ status: "proven", previousOwner: "one" });
    expect((await store.accountById(one))!.instagram).toBeNull();
    expect(await store.instagramOwner("second.ig")).toBe("two");
  });
});
