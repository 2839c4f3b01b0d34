import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { droppedDeliveries } from "../../../../site/server/federation/delivery-policy.ts";
import { DELIVERY_CURSOR } from "../../../../site/server/federation/delivery.ts";
import { perform } from "../../../../site/server/operations.ts";
import type { Operation } from "../../../../shared/sync.ts";
import { newAccount } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, PUBLIC, inboxHarness, settled } from "./inbox-harness.ts";

// What this server sends on its own (delivery from the change log), received by a server written
// without Fedify that checks the draft-cavage signature of each request.
const h = inboxHarness(["bob", "carol", "dan"]);
const store = () => h.runtime.store;
const alice = `${ORIGIN}/api/accounts/alice`;
const act = (accountId: number, op: Operation) => perform({ runtime: h.runtime, ip: "test" }, accountId, op);

/** Each of `names` on the other server follows the local account `handle`. */
async function followedBy(handle: string, ...names: string[]) {
  for (const name of names) {
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri(name)}#follows/${newId()}`,
      type: "Follow",
      actor: h.remote.actorUri(name),
      object: `${ORIGIN}/api/accounts/${handle}`,
    });
  }
  await settled(async () => (await store().accountByHandle(handle))?.followerCount).toBe(names.length);
}

/** Everything delivered so far has been handed to the other server (or given up). */
async function delivered() {
  await settled(async () => (await h.runtime.federationStorage.kv.get(DELIVERY_CURSOR)) ?? 0).toBe(
    await store().latestChangeSeq(),
  );
  await h.drained();
}

describe("a local post", () => {
  it("goes to its author's followers elsewhere, one signed delivery per server", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob", "carol");
    const postId = await h.localPost(aliceId, `hi @${h.remote.handle("dan")} and @${h.remote.handle("bob")}`);
    const [create] = await h.receivedOf("Create");
    await delivered();

    // Bob and Carol share their server's inbox, and Dan (mentioned, not following) is there too.
    const creates = h.remote.received.filter((r) => r.verified && r.activity.type === "Create");
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ path: "/inbox", verified: true, status: 202 });
    expect(create).toMatchObject({
      id: `${ORIGIN}/api/posts/${postId}#create`,
      actor: alice,
      object: { id: `${ORIGIN}/api/posts/${postId}`, type: "Note", attributedTo: alice },
    });
  });

  it("reaches nobody elsewhere when nobody there follows or is named, and nothing reaches a blocked server", async () => {
    const aliceId = await newAccount(store(), "alice");
    await h.localPost(aliceId, "only for here");
    // Delivery reads followers when it reaches a change: let it pass this post before Bob follows.
    await delivered();
    await followedBy("alice", "bob");
    await h.reopen({ P92_BLOCKED_DOMAINS: "127.0.0.1" });
    await h.localPost(aliceId, "not for a blocked server");
    await delivered();
    // Bob's Accept may have gone before the block; once blocked, even what was queued stays here.
    expect(h.remote.received.filter((r) => r.verified && r.activity.type !== "Accept")).toEqual([]);
  });

  it("is deleted at everyone's it reached, those it only mentioned too", async () => {
    const aliceId = await newAccount(store(), "alice");
    // Dan is known here (he followed, then stopped) but does not follow Alice.
    const dan = h.remote.actorUri("dan");
    const follow = { id: `${dan}#follows/1`, type: "Follow", actor: dan, object: alice };
    await h.deliver("/api/inbox", { "@context": AS_CONTEXT, ...follow });
    await settled(async () => (await store().accountByHandle("alice"))?.followerCount).toBe(1);
    const undo = { "@context": AS_CONTEXT, id: `${dan}#undo/1`, type: "Undo", actor: dan, object: follow };
    await h.deliver("/api/inbox", undo);
    await settled(async () => (await store().accountByHandle("alice"))?.followerCount).toBe(0);
    const postId = await h.localPost(aliceId, `hi @${h.remote.handle("dan")}`);
    await h.receivedOf("Create");
    await act(aliceId, { type: "deletePost", postId });
    const [deletion] = await h.receivedOf("Delete");
    expect(deletion).toMatchObject({ object: { id: `${ORIGIN}/api/posts/${postId}` } });
  });

  it("is deleted elsewhere with a Delete, and a profile change is an Update of the actor", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    const postId = await h.localPost(aliceId);
    await act(aliceId, { type: "deletePost", postId });
    await act(aliceId, { type: "updateProfile", profile: { displayName: "Alice A.", bio: "new bio" } });

    const [deletion] = await h.receivedOf("Delete");
    expect(deletion).toMatchObject({
      id: `${ORIGIN}/api/posts/${postId}#delete`,
      actor: alice,
      object: { type: "Tombstone", id: `${ORIGIN}/api/posts/${postId}` },
    });
    // The account's creation is a change too: read once Bob follows, it may send an Update of the
    // profile as it was then, before this one.
    const isNew = (u: Record<string, unknown>) => (u.object as { name?: string }).name === "Alice A.";
    await settled(async () => (await h.receivedOf("Update")).some(isNew)).toBe(true);
    const update = (await h.receivedOf("Update")).find(isNew);
    expect(update).toMatchObject({
      actor: alice,
      object: { id: alice, name: "Alice A.", summary: "<p>new bio</p>" },
    });
    // The Create went out before the Delete: one post's activities keep their order.
    const types = h.remote.received.map((r) => r.activity.type);
    expect(types.indexOf("Create")).toBeLessThan(types.indexOf("Delete"));
  });
});

/** The first Update of a note received (an Update of the actor may come first: see above). */
async function noteUpdate(): Promise<Record<string, unknown>> {
  const ofNote = (u: Record<string, unknown>) => (u.object as { type?: string }).type === "Note";
  await settled(async () => (await h.receivedOf("Update")).some(ofNote)).toBe(true);
  return (await h.receivedOf("Update")).find(ofNote)!;
}

describe("an edited local post", () => {
  it("is sent again to its author's followers as an Update of its note, marked updated", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    const postId = await h.localPost(aliceId, "first words");
    await h.receivedOf("Create");
    await act(aliceId, { type: "editPost", postId, text: "better words" });
    const update = await noteUpdate();
    expect(update).toMatchObject({
      actor: alice,
      object: { id: `${ORIGIN}/api/posts/${postId}`, type: "Note", content: "<p>better words</p>" },
    });
    expect(String(update.id)).toMatch(new RegExp(`^${ORIGIN}/api/posts/${postId}#update/\\d+$`));
    expect(Date.parse(String((update.object as { updated: string }).updated))).toBeGreaterThan(0);
  });

  it("reaches whom only the edit names, still after an edit that names them no more, and so does the post's deletion", async () => {
    const aliceId = await newAccount(store(), "alice");
    // Dan is known here (he followed, then stopped) but does not follow Alice.
    const dan = h.remote.actorUri("dan");
    const follow = { id: `${dan}#follows/1`, type: "Follow", actor: dan, object: alice };
    await h.deliver("/api/inbox", { "@context": AS_CONTEXT, ...follow });
    await settled(async () => (await store().accountByHandle("alice"))?.followerCount).toBe(1);
    const undo = { "@context": AS_CONTEXT, id: `${dan}#undo/1`, type: "Undo", actor: dan, object: follow };
    await h.deliver("/api/inbox", undo);
    await settled(async () => (await store().accountByHandle("alice"))?.followerCount).toBe(0);
    const postId = await h.localPost(aliceId, "for nobody elsewhere");
    await act(aliceId, { type: "editPost", postId, text: `now for @${h.remote.handle("dan")}` });
    const update = await noteUpdate();
    expect(update).toMatchObject({ object: { id: `${ORIGIN}/api/posts/${postId}`, cc: expect.anything() } });
    // Their copy names them: the edit that takes the name out reaches them too.
    await act(aliceId, { type: "editPost", postId, text: "for nobody elsewhere again" });
    const ofNote = (u: Record<string, unknown>) => (u.object as { type?: string }).type === "Note";
    await settled(async () => (await h.receivedOf("Update")).filter(ofNote).length).toBe(2);
    await act(aliceId, { type: "deletePost", postId });
    const [deletion] = await h.receivedOf("Delete");
    expect(deletion).toMatchObject({ object: { id: `${ORIGIN}/api/posts/${postId}` } });
  });
});

/** Bob's note `n`, received here (to `to`: the public by default), and its id here. */
async function bobsNote(n: number, to = [PUBLIC]) {
  const note = `${h.remote.actorUri("bob")}/statuses/${n}`;
  await h.deliver("/api/inbox", {
    "@context": AS_CONTEXT,
    id: `${note}/activity`,
    type: "Create",
    actor: h.remote.actorUri("bob"),
    object: { id: note, type: "Note", attributedTo: h.remote.actorUri("bob"), content: "<p>hi</p>", to },
  });
  await settled(() => store().postIdByObjectUri(note)).toBeTruthy();
  return { note, postId: (await store().postIdByObjectUri(note))! };
}

describe("likes and reposts of a post from elsewhere", () => {
  it("reach its author, and their Undo names the activity it takes back", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    await h.follow(aliceId, "bob");
    const { note, postId } = await bobsNote(1);

    for (const op of ["like", "unlike", "repost", "unrepost"] as const)
      await act(aliceId, { type: op, postId });
    const [like] = await h.receivedOf("Like");
    const [announce] = await h.receivedOf("Announce");
    const undos = await h.receivedOf("Undo", 2);
    expect(like).toMatchObject({ actor: alice, object: note });
    expect(announce).toMatchObject({ actor: alice, object: note, to: PUBLIC });
    expect(undos.map((u) => (u.object as { id: string; type: string }).type)).toEqual(["Like", "Announce"]);
    expect(undos.map((u) => (u.object as { id: string }).id)).toEqual([like!.id, announce!.id]);
  });

  it("are undone there too after an unfollow, on a post only the author's followers may read", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    await h.follow(aliceId, "bob");
    const { note, postId } = await bobsNote(2, [`${h.remote.actorUri("bob")}/followers`]);
    await act(aliceId, { type: "like", postId });
    const [like] = await h.receivedOf("Like");
    await act(aliceId, { type: "unfollow", handle: h.remote.handle("bob") });
    await act(aliceId, { type: "unlike", postId });
    const undos = await h.receivedOf("Undo", 2);
    expect(undos.map((u) => u.object)).toMatchObject([
      { type: "Follow" },
      { type: "Like", id: like!.id, object: note },
    ]);
  });
});

describe("following someone elsewhere", () => {
  it("is a request until their server accepts the very Follow this server sent", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    const bob = (await store().accountByHandle(h.remote.handle("bob")))!;
    await act(aliceId, { type: "follow", handle: bob.handle });
    expect(await store().followState(aliceId, bob.id)).toBe("requested");
    expect((await store().accountByHandle("alice"))?.followingCount).toBe(0);
    // Her archive lists it among the requests waiting for an answer.
    const handles = async (side: "following" | "requested") =>
      (await store().followPage(aliceId, side, null, 10)).accounts.map((a) => a.handle);
    expect(await handles("requested")).toEqual([bob.handle]);
    expect(await handles("following")).toEqual([]);
    const [follow] = await h.receivedOf("Follow");
    expect(follow).toMatchObject({ actor: alice, object: bob.remote!.actorUri });

    const accept = (actor: string, object: unknown) => ({
      "@context": AS_CONTEXT,
      id: `${actor}#accepts/${newId()}`,
      type: "Accept",
      actor,
      object,
    });
    // Someone else's Accept, and Bob's Accept of a Follow never sent, change nothing.
    await h.deliver("/api/inbox", accept(h.remote.actorUri("carol"), follow));
    await h.deliver("/api/inbox", accept(bob.remote!.actorUri, `${alice}#follows/999999`));
    await h.drained();
    expect(await store().followState(aliceId, bob.id)).toBe("requested");
    // Alice's devices hear of the request as a request, then of the follow once it is one.
    const follows = async () =>
      (await store().changesSince(aliceId, 0, [], 100)).changes.filter(
        (c) => c.kind === "follow" && c.follower === "alice",
      );
    expect(await follows()).toMatchObject([{ followee: bob.handle, active: true, requested: true }]);

    await h.deliver("/api/inbox", accept(bob.remote!.actorUri, follow!.id));
    await settled(() => store().followState(aliceId, bob.id)).toBe("following");
    expect((await store().accountByHandle("alice"))?.followingCount).toBe(1);
    expect(await handles("requested")).toEqual([]);
    expect(await handles("following")).toEqual([bob.handle]);
    const [, accepted] = await follows();
    expect(accepted).toMatchObject({ followee: bob.handle, active: true });
    expect(accepted).not.toHaveProperty("requested");

    await act(aliceId, { type: "unfollow", handle: bob.handle });
    const [undo] = await h.receivedOf("Undo");
    expect(undo).toMatchObject({
      actor: alice,
      object: { type: "Follow", id: follow!.id, object: bob.remote!.actorUri },
    });
    expect(await store().followState(aliceId, bob.id)).toBe("none");
  });

  it("ends with a Reject, even once accepted, and nothing is undone there", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    const follow = await h.follow(aliceId, "bob");
    const bob = (await store().accountByHandle(h.remote.handle("bob")))!;
    // Mastodon sends a Reject when its user removes a follower.
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${bob.remote!.actorUri}#rejects/2`,
      type: "Reject",
      actor: bob.remote!.actorUri,
      object: follow,
    });
    await settled(() => store().followState(aliceId, bob.id)).toBe("none");
    expect((await store().accountByHandle("alice"))?.followingCount).toBe(0);
    await delivered();
    expect(h.remote.received.some((r) => r.activity.type === "Undo")).toBe(false);
  });

  it("ends with a Reject, and a request withdrawn before any answer is undone", async () => {
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    const bob = (await store().accountByHandle(h.remote.handle("bob")))!;
    await act(aliceId, { type: "follow", handle: bob.handle });
    const [follow] = await h.receivedOf("Follow");
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${bob.remote!.actorUri}#rejects/1`,
      type: "Reject",
      actor: bob.remote!.actorUri,
      object: follow,
    });
    await settled(() => store().followState(aliceId, bob.id)).toBe("none");
    // Her devices stop showing the request.
    const changes = (await store().changesSince(aliceId, 0, [], 100)).changes;
    expect(changes.filter((c) => c.kind === "follow").at(-1)).toMatchObject({
      followee: bob.handle,
      active: false,
    });

    await act(aliceId, { type: "follow", handle: bob.handle });
    const follows = await h.receivedOf("Follow", 2);
    expect(follows[1]!.id).not.toBe(follow!.id);
    await act(aliceId, { type: "unfollow", handle: bob.handle });
    const [undo] = await h.receivedOf("Undo");
    expect((undo!.object as { id: string }).id).toBe(follows[1]!.id);
    expect(await store().followState(aliceId, bob.id)).toBe("none");
    expect((await store().accountByHandle("alice"))?.followingCount).toBe(0);
  });
});

describe("a server that fails", () => {
  it("gets the delivery again with back-off, until it is given up and counted", async () => {
    await h.reopen({ P92_DELIVERY_RETRY_SECONDS: "0.1/0.1/0.25" });
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    await h.receivedOf("Accept");
    h.remote.setInbox("fail");
    await h.localPost(aliceId);
    await settled(() => droppedDeliveries(h.runtime.federationStorage.kv)).toBe(1);
    // One request an attempt is signed the way the other server reads (Fedify may also knock with
    // RFC 9421 first, which it cannot read: that knock is not an attempt of its own).
    const attempts = () => h.remote.received.filter((r) => r.verified && r.activity.type === "Create");
    // Tried about every 0.1 s until 0.25 s had passed, then never again.
    const tried = attempts().length;
    expect(tried).toBeGreaterThanOrEqual(2);
    expect(tried).toBeLessThanOrEqual(4);
    expect(attempts().every((a) => a.status === 500)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts()).toHaveLength(tried);
    // Nothing is left behind; the queue row of the given-up task goes once its handler returned,
    // which on a busy machine can be after the drop was counted.
    await settled(() => h.runtime.federationStorage.queue.unfinished()).toBe(0);
    expect(attempts()).toHaveLength(tried);
  });

  it("is paused after failing again and again, its deliveries held rather than hammered", async () => {
    await h.reopen({ P92_DELIVERY_RETRY_SECONDS: "0.02/0.02/3600" });
    const aliceId = await newAccount(store(), "alice");
    await followedBy("alice", "bob");
    await h.receivedOf("Accept");
    h.remote.setInbox("fail");
    await h.localPost(aliceId);
    const failures = () => h.remote.received.filter((r) => r.activity.type === "Create").length;
    // Failures in a row (5 within 10 minutes) open the circuit: tried every 20 ms until then, which
    // would be 50 more tries a second, now not for half an hour; the delivery is kept. The circuit
    // is Fedify's, kept in the key-value store under the receiving host.
    const circuit = ["_fedify", "circuit", new URL(h.remote.origin).host] as const;
    type Circuit = { state?: string; failures?: string[] } | undefined;
    const circuitState = async () => (await h.runtime.federationStorage.kv.get(circuit)) as Circuit;
    await expect
      .poll(async () => (await circuitState())?.state, { timeout: 30_000, interval: 50 })
      .toBe("open");
    // Five failures opened it. The other server saw most of them: a failure on the way (a
    // connection reset, seen once in CI) counts for Fedify but never reaches it.
    expect((await circuitState())?.failures).toHaveLength(5);
    const tried = failures();
    expect(tried).toBeGreaterThanOrEqual(1);
    expect(tried).toBeLessThanOrEqual(20);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(failures()).toBe(tried);
    expect(await h.runtime.federationStorage.queue.unfinished()).toBeGreaterThan(0);
    expect(await droppedDeliveries(h.runtime.federationStorage.kv)).toBe(0);
  }, 45_000);
});
