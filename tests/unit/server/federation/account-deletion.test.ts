import { describe, expect, it } from "vitest";
import { DELIVERY_CURSOR } from "../../../../site/server/federation/delivery.ts";
import { perform } from "../../../../site/server/operations.ts";
import type { PurgeProgress } from "../../../../site/server/storage/rows/deletions.ts";
import { newAccount } from "../accounts.ts";
import { ORIGIN, inboxHarness } from "./inbox-harness.ts";

// An account of this server deletes itself: the servers of those who follow it and of those it
// follows hear a Delete(Person), signed with its keys (checked by a server written without Fedify);
// its address answers 410 Gone; its follows are purged only after that Delete is on its way, and its
// handle is freed once reserved long enough.
const h = inboxHarness(["bob", "carol"]);
const store = () => h.runtime.store;
const alice = `${ORIGIN}/api/accounts/alice`;

async function actorStatus(
  handle: string,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const request = new Request(`${ORIGIN}/api/accounts/${handle}`, {
    headers: { accept: "application/activity+json" },
  });
  const response = await h.runtime.federation.fetch(request, { contextData: h.runtime });
  const json = response.headers.get("content-type")?.includes("json");
  return {
    status: response.status,
    body: json ? ((await response.json()) as Record<string, unknown>) : null,
  };
}

/** Runs the purge to its end, as the server's purge worker does, with delivery's position. */
async function purgeAll(batch = 2): Promise<PurgeProgress[]> {
  const steps: PurgeProgress[] = [];
  for (;;) {
    const delivered = (await h.runtime.federationStorage.kv.get<number>(DELIVERY_CURSOR)) ?? 0;
    const step = await store().purgeStep(delivered, batch);
    if (!step) return steps;
    steps.push(step);
    if (step.waiting) await new Promise((r) => setTimeout(r, 50));
  }
}

describe("an account deleted here", () => {
  it("tells its followers' servers and those it follows by a signed Delete(Person), then answers 410 Gone", async () => {
    const aliceId = await newAccount(store(), "alice");
    const bob = await h.followedBy("bob", "alice");
    await h.receivedOf("Accept");
    // Alice asks to follow Carol back, who is known here since she followed Alice.
    const carol = await h.followedBy("carol", "alice");
    await perform({ runtime: h.runtime, ip: "test" }, aliceId, { type: "follow", handle: carol.handle });
    await h.receivedOf("Follow");
    await h.localPost(aliceId, "one");
    await h.localPost(aliceId, "two");
    await h.localPost(aliceId, "three");
    await h.receivedOf("Create", 3);
    expect((await actorStatus("alice")).status).toBe(200);

    expect(await store().deleteAccount(aliceId)).toBe("deleted");
    expect(await store().deleteAccount(aliceId)).toBe("not_found");
    const [deletion] = await h.receivedOf("Delete");
    expect(deletion).toMatchObject({ type: "Delete", actor: alice, object: alice });
    // Its keys signed it (the other server verified it); its address now says it is gone.
    const gone = await actorStatus("alice");
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ id: alice, type: "Tombstone" });
    // Nothing of it is shown, though its purge has not run yet.
    expect(await store().accountByHandle("alice")).toBeNull();
    expect(await store().profilePosts(aliceId, { before: null, limit: 10 }, null)).toEqual([]);
    // Before delivery has read the deletion, the purge takes the posts, likes and reposts, then
    // waits: the follows are where delivery finds whom to send the Delete(Person) to.
    const early: PurgeProgress[] = [];
    for (
      let step = await store().purgeStep(0, 2);
      step && !step.waiting;
      step = await store().purgeStep(0, 2)
    )
      early.push(step);
    expect(early.map((s) => [s.stage, s.removed])).toEqual([
      ["posts", 2],
      ["posts", 1],
      ["likes", 0],
      ["reposts", 0],
    ]);
    expect(await store().purgeStep(0, 2)).toMatchObject({ stage: "follows", waiting: true, done: false });
    expect((await store().followPage(aliceId, "followers", null, 10)).accounts).toHaveLength(2);
    // Anything it still sends is refused: it is deleted.
    expect(await store().applyOp(aliceId, { type: "follow", handle: bob.handle }, null)).toEqual({
      status: "account_deleted",
    });

    const steps = await purgeAll();
    expect(steps.filter((s) => !s.waiting).map((s) => s.stage)).toEqual(["follows", "follows", "rest"]);
    expect(steps.at(-1)).toMatchObject({ stage: "rest", done: true });
    expect((await store().accountById(bob.id))?.followingCount).toBe(0);
    expect((await store().accountById(carol.id))?.followingCount).toBe(0);
    expect((await store().followPage(aliceId, "followers", null, 10)).accounts).toEqual([]);
    expect((await store().followPage(aliceId, "following", null, 10)).accounts).toEqual([]);
    expect((await store().followPage(aliceId, "requested", null, 10)).accounts).toEqual([]);
    expect(await store().purgeStep(Number.MAX_SAFE_INTEGER, 2)).toBeNull();
  });

  it("keeps its handle reserved until it is freed, then someone new may take it", async () => {
    const aliceId = await newAccount(store(), "alice");
    await store().deleteAccount(aliceId);
    await purgeAll();
    // Reserved: nobody can sign up as @alice, and nobody is freed before the time.
    expect(await store().freeDeletedHandles(new Date(Date.now() - 1000).toISOString())).toBe(0);
    await expect(newAccount(store(), "alice")).rejects.toThrow();
    // Past its time (here: any deletion before now + 1 s), the handle is free again.
    expect(await store().freeDeletedHandles(new Date(Date.now() + 1000).toISOString())).toBe(1);
    expect((await store().accountById(aliceId))?.handle).toBe(`~${aliceId}`);
    expect((await actorStatus("alice")).status).toBe(404);
    const newcomer = await newAccount(store(), "alice");
    expect(newcomer).not.toBe(aliceId);
    expect((await actorStatus("alice")).status).toBe(200);
  });
});
