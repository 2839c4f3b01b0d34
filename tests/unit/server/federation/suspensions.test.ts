import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import type { NewModerationAction } from "../../../../site/server/storage/rows/moderation.ts";
import { newAccount, remotePostRecord } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, inboxHarness, settled } from "./inbox-harness.ts";

// Suspensions across servers: an account suspended here is an actor marked `suspended` (Mastodon's
// `toot:suspended`), and its Update tells the servers of its followers; an actor its own server
// marks so is hidden here until that server says otherwise, unless this server's admins suspended
// it themselves. Checked by a server written without Fedify that verifies each signature.
const h = inboxHarness(["bob"]);
const store = () => h.runtime.store;
const alice = `${ORIGIN}/api/accounts/alice`;
const TOOT_CONTEXT = [
  AS_CONTEXT,
  "https://w3id.org/security/v1",
  { toot: "http://joinmastodon.org/ns#", suspended: "toot:suspended" },
];

async function moderate(adminId: number, action: "suspend" | "unsuspend", target: string) {
  const entry: NewModerationAction = { adminId, action, target, reportId: null, reason: "" };
  expect(await store().moderate(entry)).toMatchObject({ status: "done" });
}

/** The actor document this server answers for a local account. */
async function actorDocument(handle: string): Promise<Record<string, unknown>> {
  const request = new Request(`${ORIGIN}/api/accounts/${handle}`, {
    headers: { accept: "application/activity+json" },
  });
  const response = await h.runtime.federation.fetch(request, { contextData: h.runtime });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Bob's server sends his actor as it now is, `suspended` or not, in an Update. */
async function bobUpdated(suspended: boolean): Promise<void> {
  const { "@context": _, ...actor } = h.remote.actorDocument("bob");
  await h.deliver("/api/inbox", {
    "@context": TOOT_CONTEXT,
    id: `${h.remote.actorUri("bob")}#updates/${newId()}`,
    type: "Update",
    actor: h.remote.actorUri("bob"),
    object: { ...actor, ...(suspended ? { suspended: true } : {}) },
  });
}

describe("an account suspended here", () => {
  it("is an actor marked suspended, with nothing of its profile, and its followers' servers hear of it and of its end", async () => {
    const adminId = await newAccount(store(), "admin");
    const aliceId = await newAccount(store(), "alice");
    const profile = { displayName: "Alice", bio: "my bio" };
    await store().applyOp(aliceId, { type: "updateProfile", profile }, null);
    await h.followedBy("bob", "alice");
    await h.receivedOf("Accept");
    const posted = await h.localPost(aliceId, "before the suspension");
    await h.receivedOf("Create");
    expect(await actorDocument("alice")).toMatchObject({ name: "Alice", summary: expect.any(String) });

    await moderate(adminId, "suspend", "alice");
    const [update] = await h.receivedOf("Update");
    expect(update).toMatchObject({ actor: alice, object: { id: alice, type: "Person", suspended: true } });
    const suspended = await actorDocument("alice");
    expect(suspended).toMatchObject({ id: alice, suspended: true, name: "alice" });
    expect(suspended).not.toHaveProperty("summary");
    expect(suspended).toHaveProperty("publicKey");
    // Nothing it posted is served any more, nor sent on: its only follower elsewhere gets nothing new.
    expect((await store().profilePosts(aliceId, { before: null, limit: 20 }, null)).length).toBe(0);
    expect(await store().postById(posted, null)).toBeNull();

    await moderate(adminId, "unsuspend", "alice");
    const updates = await h.receivedOf("Update", 2);
    expect(updates[1]).toMatchObject({ actor: alice, object: { id: alice, name: "Alice" } });
    expect((updates[1]!.object as Record<string, unknown>).suspended).toBeUndefined();
    expect(await actorDocument("alice")).not.toHaveProperty("suspended");
  });

  it("takes no follower from elsewhere: a Follow is rejected", async () => {
    const adminId = await newAccount(store(), "admin");
    await newAccount(store(), "alice");
    await moderate(adminId, "suspend", "alice");
    const follow = {
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri("bob")}#follows/${newId()}`,
      type: "Follow",
      actor: h.remote.actorUri("bob"),
      object: alice,
    };
    await h.deliver("/api/inbox", follow);
    const [reject] = await h.receivedOf("Reject");
    expect(reject).toMatchObject({ actor: alice, object: { id: follow.id } });
    expect((await store().accountByHandle("alice"))?.followerCount).toBe(0);
  });
});

describe("an account its own server suspended", () => {
  it("is hidden here, and what it sends is dropped, until its server lifts it", async () => {
    const aliceId = await newAccount(store(), "alice");
    const bob = await h.followedBy("bob", "alice");
    const stored = await store().applyOp(
      bob.id,
      { type: "receivePost", post: remotePostRecord("from bob", {}, h.remote.origin) },
      null,
    );
    const postId = stored.status === "created" ? stored.post.id : "";
    expect(await store().postById(postId, aliceId)).not.toBeNull();

    await bobUpdated(true);
    await settled(async () => (await store().accountByHandle(bob.handle))?.suspended).toBe(true);
    expect(await store().postById(postId, aliceId)).toBeNull();
    expect(await store().suspendedPage(null, 10)).toEqual([
      { handle: bob.handle, since: expect.any(String), by: "origin" },
    ]);
    // A like from the suspended account is not taken.
    const post = await h.localPost(aliceId, "by alice");
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri("bob")}#likes/${newId()}`,
      type: "Like",
      actor: h.remote.actorUri("bob"),
      object: `${ORIGIN}/api/posts/${post}`,
    });
    await h.drained();
    expect((await store().postById(post, aliceId))?.likeCount).toBe(0);

    // What its server takes back is still taken: a post it deleted stays deleted when it is lifted.
    const deleted = remotePostRecord("deleted while suspended", {}, h.remote.origin);
    const second = await store().applyOp(bob.id, { type: "receivePost", post: deleted }, null);
    expect(second.status).toBe("created");
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri("bob")}#deletes/${newId()}`,
      type: "Delete",
      actor: h.remote.actorUri("bob"),
      object: deleted.objectUri,
    });
    await h.drained();

    await bobUpdated(false);
    await settled(async () => (await store().accountByHandle(bob.handle))?.suspended).toBe(false);
    expect(await store().postById(postId, aliceId)).not.toBeNull();
    const gone = second.status === "created" ? await store().postById(second.post.id, aliceId) : null;
    expect(gone?.deleted).toBe(true);
  });

  it("stays suspended when this server's admins suspended it too, whatever its server says", async () => {
    const adminId = await newAccount(store(), "admin");
    await newAccount(store(), "alice");
    const bob = await h.followedBy("bob", "alice");
    await bobUpdated(true);
    await settled(async () => (await store().accountByHandle(bob.handle))?.suspended).toBe(true);
    await moderate(adminId, "suspend", bob.handle);
    expect((await store().suspendedPage(null, 10))[0]).toMatchObject({ by: "admin" });
    await bobUpdated(false);
    await h.drained();
    expect((await store().accountByHandle(bob.handle))?.suspended).toBe(true);
    // Only the admins' own suspension can be lifted by them.
    await moderate(adminId, "unsuspend", bob.handle);
    expect((await store().accountByHandle(bob.handle))?.suspended).toBe(false);
  });
});
