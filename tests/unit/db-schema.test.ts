import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { P92Database } from "../../shared/db/schema.ts";

let db: P92Database;
afterEach(async () => {
  db.close();
  await db.delete();
});

describe("the shared IndexedDB schema", () => {
  it("creates every table the extension and the site read", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    await db.open();
    const names = db.tables.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "profile",
        "follows",
        "importState",
        "posts",
        "accounts",
        "outbox",
        "settings",
      ]),
    );
  });

  it("keeps one follow row per list and handle", async () => {
    db = new P92Database(`test-${crypto.randomUUID()}`);
    const row = {
      list: "followers" as const,
      handle: "bob",
      instagramId: "1",
      fullName: "Bob",
      avatarUrl: null,
      isVerified: false,
      importedAt: new Date().toISOString(),
    };
    await db.follows.put(row);
    await db.follows.put({ ...row, fullName: "Bob B." });
    await db.follows.put({ ...row, list: "following" });
    expect(await db.follows.count()).toBe(2);
    expect((await db.follows.get(["followers", "bob"]))?.fullName).toBe("Bob B.");
  });
});
