import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { perform } from "../../../../site/server/operations.ts";
import type { Operation } from "../../../../shared/sync.ts";
import { newAccount, remotePostRecord } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, inboxHarness, settled } from "./inbox-harness.ts";

// Blocks across servers: what this server sends when someone here blocks someone elsewhere, and
// what it does with another server's Block (received by, and sent from, a server written without
// Fedify that checks each request's signature).
const h = inboxHarness(["bob", "carol"]);
const store = () => h.runtime.store;
const alice = `${ORIGIN}/api/accounts/alice`;
const act = (accountId: number, op: Operation) => perform({ runtime: h.runtime, ip: "test" }, accountId, op);

describe("someone here blocking someone elsewhere", () => {
  it("sends their server a Block, ends their follow here, and unblocking sends the Undo naming it", async () => {
    const aliceId = await newAccount(store(), "alice");
    const bob = await h.followedBy("bob", "alice");
    // Answered first (the answer to a Follow and delivery are two queues).
    await h.receivedOf("Accept");
    await act(aliceId, { type: "block", handle: bob.handle });
    expect((await store().accountByHandle("alice"))?.followerCount).toBe(0);
    const [block] = await h.receivedOf("Block");
    expect(block).toMatchObject({ type: "Block", actor: alice, object: bob.remote!.actorUri });
    // Nothing Alice posts now reaches Bob's server: he no longer follows her.
    await h.localPost(aliceId, "after the block");

    await act(aliceId, { type: "unblock", handle: bob.handle });
    const [undo] = await h.receivedOf("Undo");
    expect(undo).toMatchObject({
      actor: alice,
      object: { type: "Block", id: block!.id, object: bob.remote!.actorUri },
    });
    expect(h.remote.received.filter((r) => r.verified).map((r) => r.activity.type)).toEqual([
      "Accept",
      "Block",
      "Undo",
    ]);
  });

  it("rejects their Follow while the block lasts, and accepts it after", async () => {
    const aliceId = await newAccount(store(), "alice");
    const bob = await h.followedBy("bob", "alice");
    await act(aliceId, { type: "block", handle: bob.handle });
    const follow = {
      "@context": AS_CONTEXT,
      id: `${bob.remote!.actorUri}#follows/${newId()}`,
      type: "Follow",
      actor: bob.remote!.actorUri,
      object: alice,
    };
    await h.deliver("/api/inbox", follow);
    const [reject] = await h.receivedOf("Reject");
    expect(reject).toMatchObject({ actor: alice, object: { id: follow.id } });
    expect((await store().accountByHandle("alice"))?.followerCount).toBe(0);

    await act(aliceId, { type: "unblock", handle: bob.handle });
    await h.followedBy("bob", "alice");
  });
});

describe("a Block from elsewhere", () => {
  it("hides each from the other here and ends the follows; and its Undo ends that", async () => {
    const aliceId = await newAccount(store(), "alice");
    const bob = await h.followedBy("bob", "alice");
    await act(aliceId, { type: "follow", handle: bob.handle });
    const bobPost = await store().applyOp(
      bob.id,
      { type: "receivePost", post: remotePostRecord("from bob") },
      null,
    );
    const postId = bobPost.status === "created" ? bobPost.post.id : "";
    expect(await store().postById(postId, aliceId)).not.toBeNull();

    const block = {
      "@context": AS_CONTEXT,
      id: `${bob.remote!.actorUri}#blocks/${newId()}`,
      type: "Block",
      actor: bob.remote!.actorUri,
      object: alice,
    };
    await h.deliver("/api/inbox", block);
    await settled(async () => (await store().relationsBetween(aliceId, bob.id)).blockedBy).toBe(true);
    expect((await store().accountByHandle("alice"))?.followerCount).toBe(0);
    expect(await store().followState(aliceId, bob.id)).toBe("none");
    expect(await store().postById(postId, aliceId)).toBeNull();

    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${bob.remote!.actorUri}#undo/${newId()}`,
      type: "Undo",
      actor: bob.remote!.actorUri,
      object: block,
    });
    await settled(async () => (await store().relationsBetween(aliceId, bob.id)).blockedBy).toBe(false);
    expect(await store().postById(postId, aliceId)).not.toBeNull();
  });
});
