import type { APIContext } from "astro";
import { describe, expect, it } from "vitest";
import { GET as profilePostsRoute } from "../../../../site/pages/api/accounts/[handle]/posts.ts";
import { newToken } from "../../../../site/server/auth/sessions.ts";
import { contextOf } from "../../../../site/server/federation/context.ts";
import { lookup } from "../../../../site/server/federation/lookup.ts";
import { OUTBOX_READ_EVERY_MS, RECENT_POSTS } from "../../../../site/server/federation/remote-outbox.ts";
import { toAccount } from "../../../../site/server/serialize.ts";
import { newAccount } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, PUBLIC, inboxHarness } from "./inbox-harness.ts";

// A remote profile opened here: its server's counts and its newest public posts, read from its
// outbox through the profile's posts route, against another server written without Fedify.
const h = inboxHarness(["bob", "carol"]);
const store = () => h.runtime.store;
const bob = () => h.remote.actorUri("bob");

/** Bob's account here (known through a lookup of his actor). */
async function bobHere() {
  const found = await lookup(contextOf(h.runtime), { kind: "url", url: new URL(bob()) });
  if (!found || !("account" in found)) throw new Error("bob not found");
  return found.account;
}

/** A signed-in local account's token. */
async function signedIn(handle: string) {
  const id = await newAccount(store(), handle);
  const { token, hash } = newToken();
  await store().createSession(id, hash);
  return { id, token };
}

/** GET /api/accounts/:handle/posts as `token` (or no one). */
async function profilePosts(handle: string, token: string | null, query = "") {
  const url = new URL(`${ORIGIN}/api/accounts/${encodeURIComponent(handle)}/posts${query}`);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await profilePostsRoute({
    url,
    params: { handle },
    request: new Request(url, { headers }),
    locals: { runtime: h.runtime, clientAddress: "192.0.2.1" },
  } as unknown as APIContext);
  const body = (await response.json()) as { posts: { text: string }[] };
  return { status: response.status, texts: body.posts.map((p) => p.text) };
}

let notes = 0;
/** A Create of a note of `actor`'s, as an outbox embeds it. */
function created(text: string, extra: Record<string, unknown> = {}, actor = bob()) {
  const id = `${actor}/statuses/${++notes}`;
  const note = { id, type: "Note", attributedTo: actor, to: [PUBLIC], content: `<p>${text}</p>`, ...extra };
  return { id: `${id}/activity`, type: "Create", actor, object: note };
}

/** Serves Bob's outbox in two pages, and his followers and following with their totals. */
function publishBobsCollections(
  first: unknown[],
  second: unknown[],
  totals = { posts: 412, followers: 1234 },
) {
  const outbox = `${bob()}/outbox`;
  h.remote.publish({ id: outbox, type: "OrderedCollection", totalItems: totals.posts, first: `${outbox}/1` });
  h.remote.publish({
    id: `${outbox}/1`,
    type: "OrderedCollectionPage",
    orderedItems: first,
    next: `${outbox}/2`,
  });
  h.remote.publish({ id: `${outbox}/2`, type: "OrderedCollectionPage", orderedItems: second });
  h.remote.publish({ id: `${bob()}/followers`, type: "OrderedCollection", totalItems: totals.followers });
  h.remote.publish({ id: `${bob()}/following`, type: "OrderedCollection", totalItems: 7 });
}

describe("a remote profile read here", () => {
  it("brings the newest public posts of the person's outbox, in the order written, and their server's counts", async () => {
    const alice = await signedIn("alice");
    const account = await bobHere();
    const localPost = await h.localPost(alice.id, "a post here");
    publishBobsCollections(
      [
        // As Fedify's servers embed each item: signed, with contexts of its own.
        {
          "@context": ["https://w3id.org/identity/v1", "https://www.w3.org/ns/activitystreams"],
          ...created("newest"),
        },
        created("only for followers", { to: [`${bob()}/followers`] }),
        created("a reply to a stranger", { inReplyTo: "https://elsewhere.example/notes/1" }),
        created("a reply here", { inReplyTo: `${ORIGIN}/api/posts/${localPost}` }),
        { id: `${bob()}/boosts/1`, type: "Announce", actor: bob(), object: "https://elsewhere.example/n/2" },
        created("by someone else", {}, h.remote.actorUri("carol")),
        created("unlisted", { to: [`${bob()}/followers`], cc: [PUBLIC] }),
        created("hi @alice", {
          tag: [{ type: "Mention", href: `${ORIGIN}/api/accounts/alice`, name: "@alice" }],
        }),
      ],
      [created("oldest")],
    );

    const read = await profilePosts(account.handle, alice.token);
    expect(read.status).toBe(200);
    // Stored oldest first, so listed newest first as written.
    expect(read.texts).toEqual(["newest", "a reply here", "unlisted", "hi @alice", "oldest"]);
    expect(toAccount(ORIGIN, (await store().accountByHandle(account.handle))!)).toMatchObject({
      postCount: 412,
      followerCount: 1234,
      followingCount: 7,
    });
    // Old posts: neither the mention nor the reply is news to anyone here.
    expect((await store().notifications(alice.id, null, 20)).notifications).toEqual([]);
    // What this server knows of Bob stays its own: nobody here follows him.
    expect((await store().accountByHandle(account.handle))!.followerCount).toBe(0);
  });

  it("asks the person's server at most once every 10 minutes, and only for someone signed in", async () => {
    expect(OUTBOX_READ_EVERY_MS).toBe(10 * 60_000);
    const alice = await signedIn("alice");
    const account = await bobHere();
    publishBobsCollections([created("first")], []);
    const asked = () => h.remote.fetched.filter((path) => path.startsWith("/users/bob")).length;

    const before = asked();
    expect((await profilePosts(account.handle, null)).texts).toEqual([]);
    expect(asked()).toBe(before);
    expect((await profilePosts(account.handle, alice.token)).texts).toEqual(["first"]);
    const once = asked();
    expect(once).toBeGreaterThan(before);

    publishBobsCollections([created("second"), created("first again")], []);
    expect((await profilePosts(account.handle, alice.token)).texts).toEqual(["first"]);
    expect((await profilePosts(account.handle, alice.token, "?before=999999")).texts).toEqual(["first"]);
    expect(asked()).toBe(once);
  });

  it("keeps at most 20 posts, and reads counts it can trust only", async () => {
    const alice = await signedIn("alice");
    const account = await bobHere();
    const many = Array.from({ length: 30 }, (_, i) => created(`post ${30 - i}`));
    publishBobsCollections(many.slice(0, 25), many.slice(25), { posts: -3, followers: 1e300 });
    const read = await profilePosts(account.handle, alice.token);
    expect(read.texts).toHaveLength(RECENT_POSTS);
    expect(read.texts[0]).toBe("post 30");
    expect(read.texts.at(-1)).toBe("post 11");
    const shown = toAccount(ORIGIN, (await store().accountByHandle(account.handle))!);
    expect(shown).toMatchObject({ postCount: 20, followerCount: 0, followingCount: 7 });
  });

  it("counts a follow from here its server did not report yet", async () => {
    const alice = await signedIn("alice");
    publishBobsCollections([], [], { posts: 3, followers: 0 });
    const account = await bobHere();
    await h.follow(alice.id, "bob");
    await profilePosts(account.handle, alice.token);
    const shown = toAccount(ORIGIN, (await store().accountByHandle(account.handle))!);
    expect(shown).toMatchObject({ postCount: 3, followerCount: 1, followingCount: 7 });
  });

  it("answers what is stored when a page of the outbox cannot be read (a context that cannot be fetched)", async () => {
    const alice = await signedIn("alice");
    const account = await bobHere();
    const unreadable = { "@context": [AS_CONTEXT, "http://127.0.0.1:1/no-context"], ...created("lost") };
    publishBobsCollections([created("kept"), unreadable, created("never reached")], []);
    const read = await profilePosts(account.handle, alice.token);
    expect(read.status).toBe(200);
    expect(read.texts).toEqual([]);
  });

  it("answers what is stored when the person's server shows no outbox", async () => {
    const alice = await signedIn("alice");
    const account = await bobHere();
    expect(await profilePosts(account.handle, alice.token)).toEqual({ status: 200, texts: [] });
    expect(toAccount(ORIGIN, (await store().accountByHandle(account.handle))!)).toMatchObject({
      postCount: 0,
    });
  });
});
