import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { readConfig } from "../../../../site/server/config.ts";
import { startFederationQueue } from "../../../../site/server/federation/queue-worker.ts";
import { perform } from "../../../../site/server/operations.ts";
import { createRuntime, type Runtime } from "../../../../site/server/runtime.ts";
import {
  startRemoteServer,
  type RemoteServer,
  type SignOptions,
} from "../../../fake-fediverse/remote-server.ts";
import { newAccount } from "../accounts.ts";

// What another server sends, signed by an implementation that is not Fedify, handled by the same
// federation object and queue the server runs.
const ORIGIN = "https://p92.example";
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
let dataDir: string;
let runtime: Runtime;
let queue: { stop: () => Promise<void> };
let remote: RemoteServer;

function open(env: Record<string, string> = {}) {
  runtime = createRuntime(
    readConfig({ P92_DATA_DIR: dataDir, P92_PUBLIC_URL: ORIGIN, P92_FEDERATION_ALLOW_PRIVATE: "1", ...env }),
  );
  queue = startFederationQueue(runtime);
}

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "p92-inbox-"));
  open();
  remote = await startRemoteServer(["bob", "carol"], (url) =>
    runtime.federation.fetch(new Request(url, { headers: { accept: "application/activity+json" } }), {
      contextData: runtime,
    }),
  );
});

afterEach(async () => {
  await queue.stop();
  runtime.close();
  await remote.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Sends a signed activity to a P92 inbox through the server's federation object. */
async function deliver(inbox: string, activity: Record<string, unknown>, options?: SignOptions) {
  const request = await remote.signed(`${ORIGIN}${inbox}`, activity, options);
  return runtime.federation.fetch(request, { contextData: runtime });
}

/** What the queue's listeners did, once they did it. */
const settled = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

const account = (handle: string) => runtime.store.accountByHandle(handle);
const followOf = (name: string, target: string, id = `${remote.actorUri(name)}#follows/${newId()}`) => ({
  "@context": "https://www.w3.org/ns/activitystreams",
  id,
  type: "Follow",
  actor: remote.actorUri(name),
  object: `${ORIGIN}/api/accounts/${target}`,
});

async function localPost(accountId: number, text = "hello") {
  const id = newId();
  await perform({ runtime, ip: "test" }, accountId, {
    type: "createPost",
    post: { id, text, media: [], replyTo: null, quoteOf: null },
  });
  return id;
}

describe("an incoming Follow", () => {
  it("makes the remote actor an account that follows, and a signed Accept goes back", async () => {
    await newAccount(runtime.store, "alice");
    const follow = followOf("bob", "alice");
    expect((await deliver("/api/accounts/alice/inbox", follow)).status).toBe(202);

    await settled(async () => (await account("alice"))?.followerCount).toBe(1);
    const alice = await account("alice");
    const bob = await account(remote.handle("bob"));
    expect(bob).toMatchObject({
      handle: remote.handle("bob"),
      displayName: "Bob",
      bio: "I am bob",
      remote: {
        actorUri: remote.actorUri("bob"),
        inbox: `${remote.actorUri("bob")}/inbox`,
        sharedInbox: `${remote.origin}/inbox`,
        url: `${remote.origin}/@bob`,
      },
    });
    expect((await runtime.store.notifications(alice!.id, null, 10)).notifications).toMatchObject([
      { kind: "follow", actor: remote.handle("bob") },
    ]);

    // Fedify knocks with RFC 9421 first; this server only reads the draft and says 401, so the
    // Accept comes again, signed the older way, and checks out.
    await settled(async () => remote.received.some((r) => r.verified && r.activity.type === "Accept")).toBe(
      true,
    );
    const accepted = remote.received.find((r) => r.verified && r.activity.type === "Accept");
    expect(accepted?.path).toBe("/users/bob/inbox");
    expect(accepted?.activity.actor).toBe(`${ORIGIN}/api/accounts/alice`);
    expect((accepted?.activity.object as { id: string }).id).toBe(follow.id);
  });

  it("is refused with 401 unsigned, with a changed Date or body, or signed by someone else", async () => {
    await newAccount(runtime.store, "alice");
    const inbox = "/api/accounts/alice/inbox";
    expect((await deliver(inbox, followOf("bob", "alice"), { unsigned: true })).status).toBe(401);
    expect((await deliver(inbox, followOf("bob", "alice"), { tamper: "date" })).status).toBe(401);
    expect((await deliver(inbox, followOf("bob", "alice"), { tamper: "body" })).status).toBe(401);
    // Carol's valid signature on an activity that claims to be Bob's.
    expect((await deliver(inbox, followOf("bob", "alice"), { signAs: "carol" })).status).toBe(401);
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
    expect((await account("alice"))?.followerCount).toBe(0);
    expect(await account(remote.handle("bob"))).toBeNull();
  });

  it("sent again with the same id changes nothing; Undo(Follow) ends the follow", async () => {
    await newAccount(runtime.store, "alice");
    const follow = followOf("bob", "alice");
    await deliver("/api/accounts/alice/inbox", follow);
    await settled(async () => (await account("alice"))?.followerCount).toBe(1);
    expect((await deliver("/api/inbox", follow)).status).toBe(202);
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
    expect((await account("alice"))?.followerCount).toBe(1);

    const undo = { ...follow, "@context": undefined };
    await deliver("/api/inbox", {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${follow.id}/undo`,
      type: "Undo",
      actor: remote.actorUri("bob"),
      object: undo,
    });
    await settled(async () => (await account("alice"))?.followerCount).toBe(0);
  });

  it("of an account that is not local is ignored", async () => {
    await newAccount(runtime.store, "alice");
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await settled(() => account(remote.handle("bob"))).toBeTruthy();
    await deliver("/api/inbox", followOf("carol", encodeURIComponent(remote.handle("bob"))));
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
    expect((await account(remote.handle("bob")))?.followerCount).toBe(0);
  });
});

describe("likes and reposts from another server", () => {
  it("count and notify, and their Undo takes them back; someone else's Undo does nothing", async () => {
    const aliceId = await newAccount(runtime.store, "alice");
    const postId = await localPost(aliceId);
    const note = `${ORIGIN}/api/posts/${postId}`;
    const like = {
      id: `${remote.actorUri("bob")}#likes/1`,
      type: "Like",
      actor: remote.actorUri("bob"),
      object: note,
    };
    const announce = {
      id: `${remote.actorUri("bob")}/statuses/2/activity`,
      type: "Announce",
      actor: remote.actorUri("bob"),
      object: note,
      to: [PUBLIC],
    };
    const context = { "@context": "https://www.w3.org/ns/activitystreams" };
    await deliver("/api/inbox", { ...context, ...like });
    await deliver("/api/inbox", { ...context, ...announce });
    await settled(() => runtime.store.postById(postId)).toMatchObject({ likeCount: 1, repostCount: 1 });
    const kinds = (await runtime.store.notifications(aliceId, null, 10)).notifications.map((n) => n.kind);
    expect(kinds.sort()).toEqual(["like", "repost"]);

    // Carol cannot undo Bob's like.
    await deliver("/api/inbox", {
      ...context,
      id: `${remote.actorUri("carol")}#undo/1`,
      type: "Undo",
      actor: remote.actorUri("carol"),
      object: like,
    });
    await deliver("/api/inbox", {
      ...context,
      id: `${like.id}/undo`,
      type: "Undo",
      actor: like.actor,
      object: announce,
    });
    await settled(() => runtime.store.postById(postId)).toMatchObject({ likeCount: 1, repostCount: 0 });
  });

  it("of a post that is not there are dropped without effect", async () => {
    await newAccount(runtime.store, "alice");
    const response = await deliver("/api/inbox", {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${remote.actorUri("bob")}#likes/9`,
      type: "Like",
      actor: remote.actorUri("bob"),
      object: `${ORIGIN}/api/posts/${newId()}`,
    });
    expect(response.status).toBe(202);
    // Handled once and gone: a refusal is not retried.
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
  });
});

describe("a remote actor's own changes", () => {
  it("Update refreshes its profile here, as text; an Update of another actor is ignored", async () => {
    await newAccount(runtime.store, "alice");
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await settled(() => account(remote.handle("bob"))).toBeTruthy();

    remote.setProfile("bob", {
      name: "Bob <b>B</b>",
      summary: '<p>New bio <script>alert(1)</script><a href="javascript:alert(1)">click</a></p><p>line</p>',
      icon: `${remote.origin}/avatar.png`,
    });
    const context = { "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"] };
    await deliver("/api/inbox", {
      ...context,
      id: `${remote.actorUri("bob")}#updates/1`,
      type: "Update",
      actor: remote.actorUri("bob"),
      object: { ...remote.actorDocument("bob"), "@context": undefined },
    });
    await settled(() => account(remote.handle("bob"))).toMatchObject({
      displayName: "Bob <b>B</b>",
      bio: "New bio click\n\nline",
      remote: { avatarUrl: `${remote.origin}/avatar.png` },
    });

    // Carol sends Bob's actor with another name: not hers to change.
    await deliver("/api/inbox", {
      ...context,
      id: `${remote.actorUri("carol")}#updates/1`,
      type: "Update",
      actor: remote.actorUri("carol"),
      object: { ...remote.actorDocument("bob"), "@context": undefined, name: "Mallory" },
    });
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
    expect((await account(remote.handle("bob")))?.displayName).toBe("Bob <b>B</b>");
  });

  it("Delete of the actor undoes its follows and likes here", async () => {
    const aliceId = await newAccount(runtime.store, "alice");
    const postId = await localPost(aliceId);
    const context = { "@context": "https://www.w3.org/ns/activitystreams" };
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await deliver("/api/inbox", {
      ...context,
      id: `${remote.actorUri("bob")}#likes/1`,
      type: "Like",
      actor: remote.actorUri("bob"),
      object: `${ORIGIN}/api/posts/${postId}`,
    });
    await settled(async () => (await runtime.store.postById(postId))?.likeCount).toBe(1);

    await deliver("/api/inbox", {
      ...context,
      id: `${remote.actorUri("bob")}#delete`,
      type: "Delete",
      actor: remote.actorUri("bob"),
      object: remote.actorUri("bob"),
      to: [PUBLIC],
    });
    await settled(() => account(remote.handle("bob"))).toBeNull();
    expect((await account("alice"))?.followerCount).toBe(0);
    expect((await runtime.store.postById(postId))?.likeCount).toBe(0);
    expect((await runtime.store.notifications(aliceId, null, 10)).notifications).toEqual([]);
  });
});

describe("a blocked server", () => {
  it("has no effect: its Follow is not applied", async () => {
    await queue.stop();
    runtime.close();
    open({ P92_BLOCKED_DOMAINS: "127.0.0.1" });
    await newAccount(runtime.store, "alice");
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
    expect((await account("alice"))?.followerCount).toBe(0);
    expect(await account(remote.handle("bob"))).toBeNull();
  });

  it("is not where an allowed actor's inbox may be: that actor is refused", async () => {
    await queue.stop();
    runtime.close();
    open({ P92_BLOCKED_DOMAINS: "blocked.example" });
    await newAccount(runtime.store, "alice");
    remote.setProfile("bob", { inbox: "https://relay.blocked.example/inbox" });
    await deliver("/api/accounts/alice/inbox", followOf("bob", "alice"));
    await settled(async () => runtime.federationStorage.queue.unfinished()).toBe(0);
    expect((await account("alice"))?.followerCount).toBe(0);
    expect(await account(remote.handle("bob"))).toBeNull();
  });
});
