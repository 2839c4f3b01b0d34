import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { contextOf } from "../../../../site/server/federation/context.ts";
import https from "node:https";
import type { AddressInfo } from "node:net";
import {
  LOOKUP_DEADLINE_MS,
  find,
  handleToFollow,
  lookup,
  readQuery,
} from "../../../../site/server/federation/lookup.ts";
import { MENTION_DEADLINE_MS, MENTION_MISS_TTL_MS } from "../../../../site/server/federation/webfinger.ts";
import { DEFAULT_RATE_LIMITS } from "../../../../site/server/config.ts";
import { startRemoteServer } from "../../../fake-fediverse/remote-server.ts";
import { newAccount } from "../accounts.ts";
import { ORIGIN, PUBLIC, inboxHarness } from "./inbox-harness.ts";

// Finding people and posts elsewhere by what someone types or pastes, against another server
// written without Fedify that serves HTTPS (WebFinger's acct: lookups always use https).
const h = inboxHarness(["bob", "carol"], { https: true });
const store = () => h.runtime.store;
const call = () => ({ runtime: h.runtime, ip: "test" });
const ctx = () => contextOf(h.runtime);

describe("a lookup's query", () => {
  it("names someone elsewhere, someone here, or a URL; anything else is refused", () => {
    const own = "https://p92.example";
    expect(readQuery("@Bob@Social.Example", own)).toEqual({ kind: "remote", handle: "bob@social.example" });
    expect(readQuery(" bob@localhost:8443 ", own)).toEqual({ kind: "remote", handle: "bob@localhost:8443" });
    expect(readQuery("acct:bob@social.example", own)).toEqual({
      kind: "remote",
      handle: "bob@social.example",
    });
    expect(readQuery("@alice", own)).toEqual({ kind: "local", handle: "alice" });
    expect(readQuery("@alice@P92.example", own)).toEqual({ kind: "local", handle: "alice" });
    expect(readQuery("@alice@p92.example:443", own)).toEqual({ kind: "local", handle: "alice" });
    expect(readQuery("https://social.example/@bob", own)).toMatchObject({ kind: "url" });
    const bad = ["", "@", "@bob@", "bob@@x", "ftp://x/y", "javascript:alert(1)", "x".repeat(3000)];
    // A host a URL cannot have (its last label a number, read as a bad IPv4 address).
    bad.push("x@999.1.1.1", "x@1.2.3.4.5", `https://social.example/${"x".repeat(2100)}`);
    for (const query of bad) expect(readQuery(query, own), query).toBeNull();
  });
});

describe("looking someone up elsewhere", () => {
  it("finds @user@host through WebFinger, stores the account, and asks no more once it is known", async () => {
    const handle = h.remote.handle("bob");
    expect(handle).toMatch(/^bob@localhost:\d+$/);
    const found = await lookup(ctx(), { kind: "remote", handle });
    expect(found).toMatchObject({
      account: {
        handle,
        displayName: "Bob",
        bio: "I am bob",
        remote: { actorUri: h.remote.actorUri("bob") },
      },
    });
    expect(h.remote.webFingerLookups).toEqual([`acct:${handle}`]);
    expect(await lookup(ctx(), { kind: "remote", handle })).toMatchObject({ account: { handle } });
    expect(h.remote.webFingerLookups).toHaveLength(1);
  });

  it("finds a profile or post by its URL, the post with its author", async () => {
    const byUrl = await lookup(ctx(), { kind: "url", url: new URL(h.remote.actorUri("carol")) });
    expect(byUrl).toMatchObject({ account: { handle: h.remote.handle("carol") } });

    const noteId = `${h.remote.origin}/users/bob/statuses/1`;
    h.remote.publish({
      id: noteId,
      type: "Note",
      attributedTo: h.remote.actorUri("bob"),
      to: PUBLIC,
      content: "<p>found <b>by</b> its URL</p>",
    });
    const found = await lookup(ctx(), { kind: "url", url: new URL(noteId) });
    expect(found).toHaveProperty("postId");
    const postId = (found as { postId: string }).postId;
    const post = await store().postById(postId, null);
    expect(post).toMatchObject({ text: "found by its URL", remote: { objectUri: noteId } });
    expect(await store().accountByHandle(h.remote.handle("bob"))).not.toBeNull();
    // Known now: found again without asking its server.
    await h.remote.close();
    expect(await lookup(ctx(), { kind: "url", url: new URL(noteId) })).toEqual({ postId });
  });

  it("finds this server's own profiles and posts by their addresses, without fetching", async () => {
    const aliceId = await newAccount(store(), "alice");
    const postId = await h.localPost(aliceId);
    for (const url of [`${ORIGIN}/@alice`, `${ORIGIN}/api/accounts/alice`]) {
      expect(await lookup(ctx(), { kind: "url", url: new URL(url) }), url).toMatchObject({
        account: { id: aliceId },
      });
    }
    for (const url of [`${ORIGIN}/post/?id=${postId}`, `${ORIGIN}/api/posts/${postId}`]) {
      expect(await lookup(ctx(), { kind: "url", url: new URL(url) }), url).toEqual({ postId });
    }
    const local = readQuery(`@alice@${new URL(ORIGIN).host}`, ORIGIN)!;
    expect(await lookup(ctx(), local)).toMatchObject({ account: { id: aliceId } });
    // Someone elsewhere, by their profile's address here.
    await lookup(ctx(), { kind: "remote", handle: h.remote.handle("bob") });
    const bobHere = new URL(`${ORIGIN}/@${h.remote.handle("bob")}`);
    expect(await lookup(ctx(), { kind: "url", url: bobHere })).toMatchObject({
      account: { handle: h.remote.handle("bob") },
    });
  });

  it("takes a name another host gives only if the actor's own host names it back", async () => {
    // The usual split domain: names at one host, actors at another that names them back.
    const other = await startRemoteServer(["dan"], undefined, { tls: h.certificates! });
    try {
      h.remote.setWebFinger("dan", other.actorUri("dan"));
      const dan = await lookup(ctx(), { kind: "remote", handle: h.remote.handle("dan") });
      expect(dan).toMatchObject({ account: { handle: other.handle("dan") } });
      expect(other.webFingerLookups).toEqual([`acct:${other.handle("dan")}`]);
    } finally {
      await other.close();
    }
    // Bob's name given to Carol's actor: Carol's own host names carol, not bob, ...
    h.remote.setWebFinger("mallory", h.remote.actorUri("carol"));
    const viaAlias = await lookup(ctx(), { kind: "remote", handle: h.remote.handle("mallory") });
    // ... and carol@host confirms the same actor: found as Carol, under her own handle.
    expect(viaAlias).toMatchObject({ account: { handle: h.remote.handle("carol") } });
    // A host that names an actor its own host does not confirm is refused.
    h.remote.setWebFinger("eve", h.remote.actorUri("bob"));
    h.remote.setWebFinger("bob", null);
    expect(await lookup(ctx(), { kind: "remote", handle: h.remote.handle("eve") })).toBeNull();
    expect(await store().accountByHandle(h.remote.handle("bob"))).not.toBeNull();
  });

  it("finds nothing for an unknown name, an unreachable server or a blocked one", async () => {
    expect(await lookup(ctx(), { kind: "remote", handle: h.remote.handle("nobody") })).toBeNull();
    expect(await lookup(ctx(), { kind: "remote", handle: "bob@localhost:1" })).toBeNull();
    await h.reopen({ P92_BLOCKED_DOMAINS: "localhost" });
    const asked = h.remote.webFingerLookups.length;
    expect(await lookup(ctx(), { kind: "remote", handle: h.remote.handle("bob") })).toBeNull();
    expect(await lookup(ctx(), { kind: "url", url: new URL(h.remote.actorUri("bob")) })).toBeNull();
    expect(h.remote.webFingerLookups).toHaveLength(asked);
    await expect(find(call(), 1, h.remote.handle("bob"))).rejects.toMatchObject({ status: 404 });
    await expect(find(call(), 1, "not a thing")).rejects.toMatchObject({ status: 422, field: "q" });
  });
});

describe("a lookup of a server that never answers", () => {
  it("gives up at its deadline, whether by name or by address", async () => {
    expect(LOOKUP_DEADLINE_MS).toBe(15_000);
    const silent = https.createServer(h.certificates!, () => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const host = `localhost:${(silent.address() as AddressInfo).port}`;
    try {
      for (const query of [
        { kind: "remote" as const, handle: `x@${host}` },
        { kind: "url" as const, url: new URL(`https://${host}/users/x`) },
      ]) {
        const started = Date.now();
        expect(await lookup(ctx(), query, { signal: AbortSignal.timeout(300) })).toBeNull();
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("a lookup by someone here", () => {
  it("spends an action only when it asks another server", async () => {
    await h.reopen({ P92_LIMIT_ACTIONS_PER_ACCOUNT: "1/3600" });
    const aliceId = await newAccount(store(), "alice");
    await find(call(), aliceId, `@${h.remote.handle("bob")}`);
    // Known now, and this server's own: no more requests elsewhere, nothing spent.
    await find(call(), aliceId, `@${h.remote.handle("bob")}`);
    await find(call(), aliceId, `${ORIGIN}/@alice`);
    await expect(find(call(), aliceId, `@${h.remote.handle("carol")}`)).rejects.toMatchObject({
      status: 429,
    });
    expect(h.remote.webFingerLookups).toEqual([`acct:${h.remote.handle("bob")}`]);
  });
});

describe("following someone elsewhere by user@host", () => {
  it("looks them up first, then sends the Follow; their name in any case, or this host's, works", async () => {
    const aliceId = await newAccount(store(), "alice");
    const bob = h.remote.handle("bob");
    expect(await handleToFollow(call(), aliceId, bob, { fetch: true })).toBe(bob);
    await h.follow(aliceId, "bob");
    expect(await handleToFollow(call(), aliceId, bob.toUpperCase(), { fetch: false })).toBe(bob);
    const here = `Alice@${new URL(ORIGIN).host}`;
    expect(await handleToFollow(call(), aliceId, here, { fetch: true })).toBe("alice");
    const nobody = h.remote.handle("nobody");
    expect(await handleToFollow(call(), aliceId, nobody, { fetch: true })).toBe(nobody);
  });
});

describe("a local post naming someone elsewhere not known here", () => {
  it("finds them through WebFinger and reaches them; a name that resolves to no one stays text", async () => {
    expect(MENTION_MISS_TTL_MS).toBe(60 * 60 * 1000);
    expect(MENTION_DEADLINE_MS).toBe(5_000);
    const aliceId = await newAccount(store(), "alice");
    const carol = h.remote.handle("carol");
    const nobody = h.remote.handle("nobody");
    const postId = await h.localPost(aliceId, `hi @${carol} and @${nobody}`);
    const [create] = await h.receivedOf("Create");
    const note = (create as { object: Record<string, unknown> }).object;
    expect(note.id).toBe(`${ORIGIN}/api/posts/${postId}`);
    expect(note.cc).toContain(h.remote.actorUri("carol"));
    expect([note.tag].flat()).toEqual([
      expect.objectContaining({ type: "Mention", href: h.remote.actorUri("carol"), name: `@${carol}` }),
    ]);
    expect(note.content).toContain(`href="${h.remote.origin}/@carol"`);
    expect(note.content).toContain(`@${nobody}`);
    expect(await store().accountByHandle(carol)).not.toBeNull();

    // The name that resolved to no one is not looked up again for an hour.
    const asked = h.remote.webFingerLookups.filter((r) => r === `acct:${nobody}`).length;
    expect(asked).toBe(1);
    await h.localPost(aliceId, `again @${nobody} and @${carol} ${newId()}`);
    await h.receivedOf("Create", 2);
    expect(h.remote.webFingerLookups.filter((r) => r === `acct:${nobody}`)).toHaveLength(1);
  });

  it("reaches someone by a name their host gave them, and the note says so when read again", async () => {
    const aliceId = await newAccount(store(), "alice");
    h.remote.setWebFinger("caro", h.remote.actorUri("carol"));
    const caro = h.remote.handle("caro");
    const postId = await h.localPost(aliceId, `hi @${caro}`);
    const [create] = await h.receivedOf("Create");
    const mention = expect.objectContaining({ type: "Mention", href: h.remote.actorUri("carol") });
    expect([(create as { object: { tag: unknown } }).object.tag].flat()).toEqual([mention]);
    const request = new Request(`${ORIGIN}/api/posts/${postId}`, {
      headers: { accept: "application/activity+json" },
    });
    const served = await (await h.runtime.federation.fetch(request, { contextData: h.runtime })).json();
    expect([served.tag].flat()).toEqual([mention]);
  });

  it("is delivered whatever its mentions hold: a host no URL can have, or past the author's lookups", async () => {
    expect(DEFAULT_RATE_LIMITS.mentionLookupsPerAccount).toEqual({ count: 30, seconds: 3600 });
    await h.reopen({ P92_LIMIT_MENTION_LOOKUPS_PER_ACCOUNT: "1/3600" });
    const aliceId = await newAccount(store(), "alice");
    const [carol, bob] = [h.remote.handle("carol"), h.remote.handle("bob")];
    await h.localPost(aliceId, `hi @x@999.1.1.1 and @${carol}`);
    const [first] = await h.receivedOf("Create");
    expect((first as { object: { cc: string[] } }).object.cc).toContain(h.remote.actorUri("carol"));
    // Alice's one lookup of the hour is spent: Bob stays text, and the post still goes out (to
    // Carol, known now).
    await h.localPost(aliceId, `hi @${bob} and @${carol}`);
    const second = (await h.receivedOf("Create", 2))[1] as { object: { cc: string[] } };
    expect(second.object.cc).not.toContain(h.remote.actorUri("bob"));
    expect(h.remote.webFingerLookups).not.toContain(`acct:${bob}`);
  });
});
