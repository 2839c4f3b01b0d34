import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { toAccount, toPost } from "../../../../site/server/serialize.ts";
import { startRemoteServer, type RemoteServer } from "../../../fake-fediverse/remote-server.ts";
import { newAccount } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, inboxHarness, settled } from "./inbox-harness.ts";

// Objects in Mastodon's, Threads' and Misskey's shapes (tests/fixtures/activitypub/README.md says
// after what), received through the signed inbox as those servers send them and read back as the
// API answers them. Each fixture's host is moved to the test's server, which serves its actors.
const h = inboxHarness(["9xyz"], { https: true });
const store = () => h.runtime.store;

function fixture(name: string, hosts: Record<string, string> = {}): Record<string, unknown> & { id: string } {
  let text = fs.readFileSync(new URL(`../../../fixtures/activitypub/${name}`, import.meta.url), "utf8");
  for (const [from, to] of Object.entries(hosts)) text = text.replaceAll(from, to);
  return JSON.parse(text) as Record<string, unknown> & { id: string };
}

/** A fixture of the server whose shapes it shows, moved to the test's other server. */
const from = (name: string, host: string) => fixture(name, { [`https://${host}`]: h.remote.origin });

/** The Create a server wraps a new note in, as Mastodon writes it. */
const create = (note: Record<string, unknown>) => ({
  "@context": AS_CONTEXT,
  id: `${String(note.id)}/activity`,
  type: "Create",
  actor: note.attributedTo,
  published: note.published,
  to: note.to,
  cc: note.cc,
  object: note,
});

/** Serves an actor fixture and makes Alice, here, follow it (by name, through WebFinger). */
async function aliceFollows(actorFixture: Record<string, unknown> & { id: string }): Promise<number> {
  await h.remote.adopt(actorFixture);
  const name = String(actorFixture.preferredUsername);
  h.remote.setWebFinger(name, actorFixture.id);
  const aliceId = (await store().accountByHandle("alice"))?.id ?? (await newAccount(store(), "alice"));
  await h.follow(aliceId, name);
  return aliceId;
}

const storedPost = async (objectUri: string) => {
  const id = await store().postIdByObjectUri(objectUri);
  return id ? toPost(ORIGIN, (await store().postById(id, null))!) : null;
};

const host = () => new URL(h.remote.origin).host;

describe("Mastodon", () => {
  it("an actor that follows someone here becomes an account: name, bio, profile links, avatar", async () => {
    await newAccount(store(), "alice");
    const actor = from("mastodon-actor.json", "mastodon.example");
    await h.remote.adopt(actor);
    const follow = {
      "@context": AS_CONTEXT,
      id: `${actor.id}#follows/1`,
      type: "Follow",
      actor: actor.id,
      object: `${ORIGIN}/api/accounts/alice`,
    };
    expect((await h.deliver("/api/accounts/alice/inbox", follow)).status).toBe(202);
    await settled(() => store().accountByHandle(`gargron@${host()}`)).toBeTruthy();
    const account = toAccount(ORIGIN, (await store().accountByHandle(`gargron@${host()}`))!);
    expect(account).toMatchObject({
      handle: `gargron@${host()}`,
      remote: true,
      displayName: "Eugen Rochko",
      bio: `Founder of @Mastodon@${host()}.\nFilm photography, prog metal, Dota 2.`,
      url: `${h.remote.origin}/@Gargron`,
      avatarUrl: expect.stringMatching(/^https:\/\/p92\.example\/api\/remote-media\/avatars\/gargron%40/),
    });
    expect((await store().accountByHandle(`gargron@${host()}`))!.remote!.avatarUrl).toBe(
      "https://files.mastodon.example/accounts/avatars/000/000/001/original/avatar.png",
    );
    expect(account.links.map((l) => l.url)).toEqual(["https://www.patreon.com/mastodon"]);
    await settled(async () => (await store().accountByHandle("alice"))?.followerCount).toBe(1);
  });

  it("a status reaches its follower with its warning, mentions, hashtag, link and attachments", async () => {
    const aliceId = await aliceFollows(from("mastodon-actor.json", "mastodon.example"));
    const note = from("mastodon-note.json", "mastodon.example");
    expect((await h.deliver("/api/inbox", create(note))).status).toBe(202);
    await settled(() => storedPost(note.id)).toBeTruthy();
    const post = (await storedPost(note.id))!;
    expect(post).toMatchObject({
      author: `gargron@${host()}`,
      remote: true,
      remoteUrl: `${h.remote.origin}/@Gargron/109000000000000001`,
      text: "@alice look at this #cats\n\nMore: https://example.org/cats/2026\nand @dan@other.example",
      links: ["https://example.org/cats/2026"],
      contentWarning: "Cat pictures",
      createdAt: "2026-11-30T18:00:00.000Z",
    });
    expect(post.media).toMatchObject([
      { kind: "image", alt: "A grey cat asleep on a keyboard", width: 1200, height: 900, remote: true },
      { kind: "video", alt: "", width: 640, height: 360, remote: true },
    ]);
    const timeline = await store().followingTimeline(aliceId, { before: null, limit: 10 });
    expect(timeline.map((p) => p.id)).toEqual([post.id]);
    const notified = async () => (await store().notifications(aliceId, null, 10)).notifications;
    await settled(async () => (await notified()).map((n) => [n.kind, n.postId])).toContainEqual([
      "mention",
      post.id,
    ]);
  });

  it("a poll shows as a note with its options and a link to vote there", async () => {
    await aliceFollows(from("mastodon-actor.json", "mastodon.example"));
    const poll = from("mastodon-question.json", "mastodon.example");
    await h.deliver("/api/inbox", create(poll));
    await settled(() => storedPost(poll.id)).toBeTruthy();
    const post = (await storedPost(poll.id))!;
    // Its page is the link to vote (a localhost address is not a link to the tokenizer, so this
    // one stays text only).
    expect(post.text).toBe(
      `Tabs or spaces?\n\n○ Tabs\n○ Spaces\n\n${h.remote.origin}/@Gargron/109000000000000002`,
    );
  });

  describe("an Announce of a third server's note", () => {
    let third: RemoteServer | null = null;
    afterEach(async () => {
      await third?.close();
      third = null;
    });

    it("by someone followed here fetches the note with its author and counts the repost", async () => {
      await aliceFollows(from("mastodon-actor.json", "mastodon.example"));
      third = await startRemoteServer(["dan"], undefined, { tls: h.certificates! });
      const noteId = `${third.actorUri("dan")}/statuses/42`;
      third.publish({
        id: noteId,
        type: "Note",
        attributedTo: third.actorUri("dan"),
        content: "<p>A note from a third server</p>",
        published: "2026-11-30T17:00:00Z",
        url: `${third.origin}/@dan/42`,
        to: ["https://www.w3.org/ns/activitystreams#Public"],
      });
      const announce = fixture("mastodon-announce.json", {
        "https://mastodon.example": h.remote.origin,
        "https://other.example": third.origin,
      });
      expect((await h.deliver("/api/inbox", announce)).status).toBe(202);
      // The note is stored, then the repost counted.
      await settled(() => storedPost(noteId)).toMatchObject({
        author: third.handle("dan"),
        text: "A note from a third server",
        remoteUrl: `${third.origin}/@dan/42`,
        repostCount: 1,
      });
      const dan = await store().accountByHandle(third.handle("dan"));
      expect(dan && toAccount(ORIGIN, dan)).toMatchObject({ remote: true, displayName: "Dan" });
    });
  });
});

describe("Threads", () => {
  it("an actor with a numeric id is followed by its name, and its post with a photo reaches the timeline", async () => {
    const actor = from("threads-actor.json", "threads.example");
    const aliceId = await aliceFollows(actor);
    const account = toAccount(ORIGIN, (await store().accountByHandle(`mosseri@${host()}`))!);
    expect(account).toMatchObject({
      handle: `mosseri@${host()}`,
      displayName: "Adam Mosseri",
      bio: "Head of Instagram and Threads",
      url: `${h.remote.origin}/@mosseri`,
      remote: true,
    });
    expect((await store().accountByHandle(`mosseri@${host()}`))!.remote!.avatarUrl).toMatch(
      /^https:\/\/cdn\.threads\.example\/.+avatar_n\.jpg\?/,
    );

    const note = from("threads-note.json", "threads.example");
    expect((await h.deliver("/api/inbox", create(note))).status).toBe(202);
    await settled(() => storedPost(note.id)).toBeTruthy();
    const post = (await storedPost(note.id))!;
    expect(post).toMatchObject({
      author: `mosseri@${host()}`,
      text: "Hello fediverse, from Threads 👋\nMore at https://about.example/threads-fediverse",
      links: ["https://about.example/threads-fediverse"],
      remoteUrl: `${h.remote.origin}/@mosseri/post/C0aBcDeFgHi`,
      media: [{ kind: "image", alt: "A sunrise over the bay", width: 1440, height: 1800, remote: true }],
    });
    expect(post).not.toHaveProperty("contentWarning");
    const timeline = await store().followingTimeline(aliceId, { before: null, limit: 10 });
    expect(timeline.map((p) => p.id)).toEqual([post.id]);
  });
});

describe("Misskey", () => {
  it("a quote of a post here (quoteUrl, _misskey_quote) is stored as a quote and its author told", async () => {
    const aliceId = await newAccount(store(), "alice");
    const quotedId = await h.localPost(aliceId, "worth quoting");
    const note = fixture("misskey-quote.json", {
      "https://misskey.example": h.remote.origin,
      "0190b0c2-0000-7000-8000-000000000001": quotedId,
    });
    expect((await h.deliver("/api/inbox", create(note))).status).toBe(202);
    await settled(() => storedPost(note.id)).toBeTruthy();
    const post = (await storedPost(note.id))!;
    expect(post).toMatchObject({ author: h.remote.handle("9xyz"), quoteOf: quotedId });
    expect(post.text).toBe(`so true\n\nRE: ${ORIGIN}/post/?id=${quotedId}`);
    const notified = async () => (await store().notifications(aliceId, null, 10)).notifications;
    await settled(async () => (await notified()).map((n) => [n.kind, n.postId])).toContainEqual([
      "quote",
      post.id,
    ]);
  });
});
