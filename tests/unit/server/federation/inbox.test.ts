import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { startRemoteServer } from "../../../fake-fediverse/remote-server.ts";
import { newAccount } from "../accounts.ts";
import { ORIGIN, PUBLIC, inboxHarness, settled } from "./inbox-harness.ts";

// Follows, likes, reposts and actor changes another server sends, signed by an implementation
// that is not Fedify.
const h = inboxHarness();
const deliver = h.deliver;
const account = (handle: string) => h.runtime.store.accountByHandle(handle);
const followOf = (name: string, target: string, id = `${h.remote.actorUri(name)}#follows/${newId()}`) => ({
  "@context": "https://www.w3.org/ns/activitystreams",
  id,
  type: "Follow",
  actor: h.remote.actorUri(name),
  object: `${ORIGIN}/api/accounts/${target}`,
});

describe("an incoming Follow", () => {
  it("makes the remote actor an account that follows, and a signed Accept goes back", async () => {
    await newAccount(h.runtime.store, "alice");
    const follow = followOf("bob", "alice");
    expect((await deliver("/api/accounts/alice/inbox", follow)).status).toBe(202);

    await settled(async () => (await account("alice"))?.followerCount).toBe(1);
    const alice = await account("alice");
    const bob = await account(h.remote.handle("bob"));
    expect(bob).toMatchObject({
      handle: h.remote.handle("bob"),
      displayName: "Bob",
      bio: "I am bob",
      remote: {
        actorUri: h.remote.actorUri("bob"),
        inbox: `${h.remote.actorUri("bob")}/inbox`,
        sharedInbox: `${h.remote.origin}/inbox`,
        url: `${h.remote.origin}/@bob`,
      },
    });
    expect((await h.runtime.store.notifications(alice!.id, null, 10)).notifications).toMatchObject([
      { kind: "follow", actor: h.remote.handle("bob") },
    ]);

    // Fedify knocks with RFC 9421 first; this server only reads the draft and says 401, so the
    // Accept comes again, signed the older way, and checks out.
    await settled(async () => h.remote.received.some((r) => r.verified && r.activity.type === "Accept")).toBe(
      true,
    );
    const accepted = h.remote.received.find((r) => r.verified && r.activity.type === "Accept");
    expect(accepted?.path).toBe("/users/bob/inbox");
    expect(accepted?.activity.actor).toBe(`${ORIGIN}/api/accounts/alice`);
    expect((accepted?.activity.object as { id: string }).id).toBe(follow.id);
  });

  it("is refused with 401 unsigned, with a changed Date or body, or signed by someone else", async () => {
    await newAccount(h.runtime.store, "alice");
    const inbox = "/api/accounts/alice/inbox";
    expect((await deliver(inbox, followOf("bob", "alice"), { unsigned: true })).status).toBe(401);
    expect((await deliver(inbox, followOf("bob", "alice"), { tamper: "date" })).status).toBe(401);
    expect((await deliver(inbox, followOf("bob", "alice"), { tamper: "body" })).status).toBe(401);
    // Carol's valid signature on an activity that claims to be Bob's.
    expect((await deliver(inbox, followOf("bob", "alice"), { signAs: "carol" })).status).toBe(401);
    await h.drained();
    expect((await account("alice"))?.followerCount).toBe(0);
    expect(await account(h.remote.handle("bob"))).toBeNull();
  });

  it("is refused when signed with a key another server serves as the actor's", async () => {
    await newAccount(h.runtime.store, "alice");
    // Another server serves, at its own /users/bob, a document claiming Bob's actor id, with a key
    // it holds; a key id without a fragment makes Fedify take that document's one key.
    const other = await startRemoteServer([]);
    try {
      await other.adopt({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        id: h.remote.actorUri("bob"),
        type: "Person",
        preferredUsername: "bob",
        inbox: `${h.remote.actorUri("bob")}/inbox`,
      });
      const forged = await other.signed(`${ORIGIN}/api/inbox`, followOf("bob", "alice"), {
        keyId: `${other.origin}/users/bob`,
      });
      const response = await h.runtime.federation.fetch(forged, { contextData: h.runtime });
      expect(response.status).toBe(401);
      await h.drained();
      expect((await account("alice"))?.followerCount).toBe(0);
    } finally {
      await other.close();
    }
  });

  it("sent again with the same id changes nothing; Undo(Follow) ends the follow", async () => {
    await newAccount(h.runtime.store, "alice");
    const follow = followOf("bob", "alice");
    await deliver("/api/accounts/alice/inbox", follow);
    await settled(async () => (await account("alice"))?.followerCount).toBe(1);
    expect((await deliver("/api/inbox", follow)).status).toBe(202);
    await h.drained();
    expect((await account("alice"))?.followerCount).toBe(1);

    const undo = { ...follow, "@context": undefined };
    await deliver("/api/inbox", {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${follow.id}/undo`,
      type: "Undo",
      actor: h.remote.actorUri("bob"),
      object: undo,
    });
    await settled(async () => (await account("alice"))?.followerCount).toBe(0);
  });

  it("of an account that is not local is ignored", async () => {
    await newAccount(h.runtime.store, "alice");
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await settled(() => account(h.remote.handle("bob"))).toBeTruthy();
    await deliver("/api/inbox", followOf("carol", encodeURIComponent(h.remote.handle("bob"))));
    await h.drained();
    expect((await account(h.remote.handle("bob")))?.followerCount).toBe(0);
  });
});

describe("likes and reposts from another server", () => {
  it("count and notify, and their Undo takes them back; someone else's Undo does nothing", async () => {
    const aliceId = await newAccount(h.runtime.store, "alice");
    const postId = await h.localPost(aliceId);
    const note = `${ORIGIN}/api/posts/${postId}`;
    const like = {
      id: `${h.remote.actorUri("bob")}#likes/1`,
      type: "Like",
      actor: h.remote.actorUri("bob"),
      object: note,
    };
    const announce = {
      id: `${h.remote.actorUri("bob")}/statuses/2/activity`,
      type: "Announce",
      actor: h.remote.actorUri("bob"),
      object: note,
      to: [PUBLIC],
    };
    const context = { "@context": "https://www.w3.org/ns/activitystreams" };
    await deliver("/api/inbox", { ...context, ...like });
    await deliver("/api/inbox", { ...context, ...announce });
    await settled(() => h.runtime.store.postById(postId, null)).toMatchObject({
      likeCount: 1,
      repostCount: 1,
    });
    const kinds = (await h.runtime.store.notifications(aliceId, null, 10)).notifications.map((n) => n.kind);
    expect(kinds.sort()).toEqual(["like", "repost"]);

    // Carol cannot undo Bob's like.
    await deliver("/api/inbox", {
      ...context,
      id: `${h.remote.actorUri("carol")}#undo/1`,
      type: "Undo",
      actor: h.remote.actorUri("carol"),
      object: like,
    });
    await deliver("/api/inbox", {
      ...context,
      id: `${like.id}/undo`,
      type: "Undo",
      actor: like.actor,
      object: announce,
    });
    await settled(() => h.runtime.store.postById(postId, null)).toMatchObject({
      likeCount: 1,
      repostCount: 0,
    });
  });

  it("of a post that is not there are dropped without effect", async () => {
    await newAccount(h.runtime.store, "alice");
    const response = await deliver("/api/inbox", {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${h.remote.actorUri("bob")}#likes/9`,
      type: "Like",
      actor: h.remote.actorUri("bob"),
      object: `${ORIGIN}/api/posts/${newId()}`,
    });
    expect(response.status).toBe(202);
    // Handled once and gone: a refusal is not retried.
    await h.drained();
  });
});

describe("a remote actor's own changes", () => {
  it("Update refreshes its profile here, as text; an Update of another actor is ignored", async () => {
    await newAccount(h.runtime.store, "alice");
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await settled(() => account(h.remote.handle("bob"))).toBeTruthy();

    h.remote.setProfile("bob", {
      name: "Bob <b>B</b>",
      summary: '<p>New bio <script>alert(1)</script><a href="javascript:alert(1)">click</a></p><p>line</p>',
      icon: `${h.remote.origin}/avatar.png`,
    });
    const context = { "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"] };
    await deliver("/api/inbox", {
      ...context,
      id: `${h.remote.actorUri("bob")}#updates/1`,
      type: "Update",
      actor: h.remote.actorUri("bob"),
      object: { ...h.remote.actorDocument("bob"), "@context": undefined },
    });
    await settled(() => account(h.remote.handle("bob"))).toMatchObject({
      displayName: "Bob <b>B</b>",
      bio: "New bio click\n\nline",
      remote: { avatarUrl: `${h.remote.origin}/avatar.png` },
    });

    // Carol sends Bob's actor with another name: not hers to change.
    await deliver("/api/inbox", {
      ...context,
      id: `${h.remote.actorUri("carol")}#updates/1`,
      type: "Update",
      actor: h.remote.actorUri("carol"),
      object: { ...h.remote.actorDocument("bob"), "@context": undefined, name: "Mallory" },
    });
    await h.drained();
    expect((await account(h.remote.handle("bob")))?.displayName).toBe("Bob <b>B</b>");
  });

  it("Delete of the actor undoes its follows and likes here", async () => {
    const aliceId = await newAccount(h.runtime.store, "alice");
    const postId = await h.localPost(aliceId);
    const context = { "@context": "https://www.w3.org/ns/activitystreams" };
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await deliver("/api/inbox", {
      ...context,
      id: `${h.remote.actorUri("bob")}#likes/1`,
      type: "Like",
      actor: h.remote.actorUri("bob"),
      object: `${ORIGIN}/api/posts/${postId}`,
    });
    await settled(async () => (await h.runtime.store.postById(postId, null))?.likeCount).toBe(1);
    // Both applied before the Delete is sent (the queue may run them in any order).
    await settled(async () => (await account("alice"))?.followerCount).toBe(1);

    await deliver("/api/inbox", {
      ...context,
      id: `${h.remote.actorUri("bob")}#delete`,
      type: "Delete",
      actor: h.remote.actorUri("bob"),
      object: h.remote.actorUri("bob"),
      to: [PUBLIC],
    });
    await settled(() => account(h.remote.handle("bob"))).toBeNull();
    expect((await account("alice"))?.followerCount).toBe(0);
    expect((await h.runtime.store.postById(postId, null))?.likeCount).toBe(0);
    expect((await h.runtime.store.notifications(aliceId, null, 10)).notifications).toEqual([]);
  });
});

describe("a blocked server", () => {
  it("has no effect: its Follow is not applied", async () => {
    await h.reopen({ P92_BLOCKED_DOMAINS: "127.0.0.1" });
    await newAccount(h.runtime.store, "alice");
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await h.drained();
    expect((await account("alice"))?.followerCount).toBe(0);
    expect(await account(h.remote.handle("bob"))).toBeNull();
  });

  it("is not where an allowed actor's inbox may be: that actor is refused", async () => {
    await h.reopen({ P92_BLOCKED_DOMAINS: "blocked.example" });
    await newAccount(h.runtime.store, "alice");
    h.remote.setProfile("bob", { inbox: "https://relay.blocked.example/inbox" });
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await h.drained();
    expect((await account("alice"))?.followerCount).toBe(0);
    expect(await account(h.remote.handle("bob"))).toBeNull();
  });
});
