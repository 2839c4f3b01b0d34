import { describe, expect, it } from "vitest";
import { newId } from "../../../../shared/ids.ts";
import { perform } from "../../../../site/server/operations.ts";
import { toPost } from "../../../../site/server/serialize.ts";
import { newAccount } from "../accounts.ts";
import { AS_CONTEXT, ORIGIN, PUBLIC, inboxHarness, settled } from "./inbox-harness.ts";

// Posts another server sends (Create, Update, Delete of notes), signed by an implementation that is
// not Fedify, in the shapes Mastodon sends.
const h = inboxHarness();

const store = () => h.runtime.store;
const noteId = (name: string, n: number) => `${h.remote.actorUri(name)}/statuses/${n}`;

/** A Mastodon-shaped public note of `name`. */
function note(name: string, n: number, fields: Record<string, unknown> = {}) {
  const actor = h.remote.actorUri(name);
  return {
    id: noteId(name, n),
    type: "Note",
    attributedTo: actor,
    content: `<p>note ${n}</p>`,
    published: "2026-12-01T10:00:00Z",
    url: `${h.remote.origin}/@${name}/${n}`,
    to: [PUBLIC],
    cc: [`${actor}/followers`],
    ...fields,
  };
}

function create(name: string, object: Record<string, unknown>, id = `${object.id as string}/activity`) {
  return { "@context": AS_CONTEXT, id, type: "Create", actor: h.remote.actorUri(name), object };
}

/** Alice, here, following bob on the other server. */
async function aliceFollowingBob(): Promise<number> {
  const aliceId = await newAccount(store(), "alice");
  await h.deliver("/api/inbox", {
    "@context": AS_CONTEXT,
    id: `${h.remote.actorUri("bob")}#follows/1`,
    type: "Follow",
    actor: h.remote.actorUri("bob"),
    object: `${ORIGIN}/api/accounts/alice`,
  });
  await settled(() => store().accountByHandle(h.remote.handle("bob"))).toBeTruthy();
  await h.follow(aliceId, "bob");
  return aliceId;
}

const stored = async (objectUri: string) => {
  const id = await store().postIdByObjectUri(objectUri);
  return id ? store().postById(id, null) : null;
};

describe("a Create(Note) from another server", () => {
  it("stores a post of someone followed here as text, with its warning, attachments and links", async () => {
    const aliceId = await aliceFollowingBob();
    const html =
      '<p>Hello <span class="h-card"><a href="https://p92.example/@alice" class="u-url mention">@<span>alice</span></a></span> ' +
      '<a href="https://elsewhere.example/@dan" class="u-url mention">@<span>dan</span></a> ' +
      '<a href="https://x.example/tags/cats" class="mention hashtag" rel="tag">#<span>cats</span></a><br>' +
      '<a href="https://news.example/story" rel="nofollow noopener">news.example/story</a></p>' +
      "<p><script>alert(1)</script><img src=x onerror=alert(1)>bye</p>";
    const response = await h.deliver(
      "/api/inbox",
      create(
        "bob",
        note("bob", 1, {
          content: html,
          summary: "spoilers",
          sensitive: true,
          attachment: [
            {
              type: "Document",
              mediaType: "image/jpeg",
              url: `${h.remote.origin}/files/cat.jpg`,
              name: "a cat on a mat",
              blurhash: "UBL_:rOpGG-o",
              width: 800,
              height: 600,
            },
            { type: "Document", mediaType: "audio/mpeg", url: `${h.remote.origin}/files/purr.mp3` },
          ],
          tag: [
            { type: "Mention", href: `${ORIGIN}/api/accounts/alice`, name: "@alice@p92.example" },
            { type: "Mention", href: "https://elsewhere.example/users/dan", name: "@dan@elsewhere.example" },
            { type: "Hashtag", href: "https://x.example/tags/cats", name: "#cats" },
          ],
        }),
      ),
    );
    expect(response.status).toBe(202);

    await settled(() => stored(noteId("bob", 1))).toBeTruthy();
    const post = (await stored(noteId("bob", 1)))!;
    expect(post).toMatchObject({
      author: h.remote.handle("bob"),
      text: `Hello @alice @dan@elsewhere.example #cats\nhttps://news.example/story\n\nbye\n\n${h.remote.origin}/files/purr.mp3`,
      links: ["https://news.example/story", `${h.remote.origin}/files/purr.mp3`],
      contentWarning: "spoilers",
      visibility: "public",
      createdAt: "2026-12-01T10:00:00.000Z",
      remote: { objectUri: noteId("bob", 1), url: `${h.remote.origin}/@bob/1` },
    });
    expect(post.media).toEqual([
      expect.objectContaining({
        kind: "image",
        url: `${h.remote.origin}/files/cat.jpg`,
        alt: "a cat on a mat",
      }),
    ]);
    // The API shape: remote, linked to its page there, its file served from this server's copy.
    expect(toPost(ORIGIN, post)).toMatchObject({
      remote: true,
      remoteUrl: `${h.remote.origin}/@bob/1`,
      contentWarning: "spoilers",
      media: [
        {
          remote: true,
          url: `${ORIGIN}/api/remote-media/posts/${post.id}/${post.media[0]!.id}`,
          width: 800,
          height: 600,
        },
      ],
    });
    // Alice reads it in her following timeline and through sync, and is told of the mention.
    const timeline = await store().followingTimeline(aliceId, { before: null, limit: 10 });
    expect(timeline.map((p) => p.id)).toEqual([post.id]);
    const changes = await store().changesSince(aliceId, 0, [], 100);
    expect(changes.changes.some((c) => c.kind === "post" && c.post.id === post.id)).toBe(true);
    const notifications = (await store().notifications(aliceId, null, 10)).notifications;
    expect(notifications.map((n) => [n.kind, n.postId])).toContainEqual(["mention", post.id]);
  });

  it("is stored once, whatever is replayed; another author's note is refused", async () => {
    await aliceFollowingBob();
    const activity = create("bob", note("bob", 2));
    await h.deliver("/api/inbox", activity);
    await h.deliver("/api/inbox", activity);
    await h.deliver("/api/inbox", { ...activity, id: `${activity.id}/again` });
    // Carol creates a note that says Bob wrote it, and one of hers under the id of Bob's.
    await h.deliver("/api/inbox", create("carol", note("bob", 3)));
    await h.deliver("/api/inbox", create("carol", { ...note("carol", 4), id: noteId("bob", 2) }));
    await h.drained();
    expect((await store().accountByHandle(h.remote.handle("bob")))?.postCount).toBe(1);
    expect(await stored(noteId("bob", 3))).toBeNull();
    expect((await stored(noteId("bob", 2)))?.author).toBe(h.remote.handle("bob"));
    // Whatever reaches the Store under Bob's object id as Carol's is refused there too.
    const carol = (await store().accountByHandle(h.remote.handle("carol")))!;
    const taken = {
      ...(await stored(noteId("bob", 2)))!,
      objectUri: noteId("bob", 2),
      url: noteId("bob", 2),
      media: [],
      mentions: [],
      editedAt: null,
    };
    for (const type of ["receivePost", "editRemotePost"] as const) {
      await expect(
        perform({ runtime: h.runtime, ip: "test" }, carol.id, { type, post: { ...taken, text: "mine" } }),
      ).rejects.toMatchObject({ status: 403 });
    }
    expect((await stored(noteId("bob", 2)))?.text).toBe("note 2");
  });

  it("from someone nobody here follows is dropped, unless it mentions or replies to someone here", async () => {
    const aliceId = await newAccount(store(), "alice");
    const alicePost = await h.localPost(aliceId, "my post");
    await h.deliver("/api/inbox", create("carol", note("carol", 1)));
    await h.deliver(
      "/api/inbox",
      create(
        "carol",
        note("carol", 2, { inReplyTo: `${ORIGIN}/api/posts/${alicePost}`, content: "<p>reply</p>" }),
      ),
    );
    await h.drained();
    expect(await stored(noteId("carol", 1))).toBeNull();
    const reply = await stored(noteId("carol", 2));
    expect(reply).toMatchObject({ replyTo: alicePost, text: "reply" });
    expect((await store().postById(alicePost, null))?.replyCount).toBe(1);
    const replies = await store().replies(alicePost, { before: null, limit: 10 }, null);
    expect(replies.map((p) => p.id)).toEqual([reply!.id]);
    const kinds = (await store().notifications(aliceId, null, 10)).notifications.map((n) => n.kind);
    expect(kinds).toEqual(["reply"]);
  });

  it("threads a reply under a parent fetched from its server, a few posts up at most", async () => {
    await aliceFollowingBob();
    // Carol's thread of 8 posts, each replying to the one before; Bob replies to the last.
    for (let n = 1; n <= 8; n++) {
      h.remote.publish(note("carol", n, n > 1 ? { inReplyTo: noteId("carol", n - 1) } : {}));
    }
    await h.deliver("/api/inbox", create("bob", note("bob", 9, { inReplyTo: noteId("carol", 8) })));
    await h.drained();
    const reply = (await stored(noteId("bob", 9)))!;
    const parent = (await stored(noteId("carol", 8)))!;
    expect(reply.replyTo).toBe(parent.id);
    expect(parent.author).toBe(h.remote.handle("carol"));
    // Five fetched up the thread: the fifth keeps its link to a parent it never fetched.
    for (let n = 8; n >= 4; n--) expect(await stored(noteId("carol", n))).not.toBeNull();
    expect(await stored(noteId("carol", 3))).toBeNull();
    expect((await stored(noteId("carol", 4)))?.replyTo).toBeNull();
  });

  it("fetches at most 5 posts per activity, each once, and only with an author on their server", async () => {
    await aliceFollowingBob();
    // A wide tree: each of Carol's posts replies to the next and quotes the one after.
    for (let n = 1; n <= 12; n++) {
      h.remote.publish({
        ...note("carol", n, { inReplyTo: noteId("carol", n + 1), quoteUrl: noteId("carol", n + 2) }),
        "@context": [AS_CONTEXT, { quoteUrl: "as:quoteUrl" }],
      });
    }
    await h.deliver("/api/inbox", create("bob", note("bob", 1, { inReplyTo: noteId("carol", 1) })));
    // Two posts replying to each other.
    h.remote.publish(note("carol", 20, { inReplyTo: noteId("carol", 21) }));
    h.remote.publish(note("carol", 21, { inReplyTo: noteId("carol", 20) }));
    await h.deliver("/api/inbox", create("bob", note("bob", 2, { inReplyTo: noteId("carol", 20) })));
    // A post that says someone on this server wrote it.
    h.remote.publish({ ...note("carol", 30), attributedTo: `${ORIGIN}/api/accounts/alice` });
    await h.deliver("/api/inbox", create("bob", note("bob", 3, { inReplyTo: noteId("carol", 30) })));
    await h.drained();

    const carol = (await store().accountByHandle(h.remote.handle("carol")))!;
    expect(carol.postCount).toBe(5 + 2);
    const first = (await stored(noteId("carol", 1)))!;
    expect(first.replyTo).toBe(await store().postIdByObjectUri(noteId("carol", 2)));
    expect(first.quoteOf).toBe(await store().postIdByObjectUri(noteId("carol", 3)));
    expect((await stored(noteId("carol", 20)))?.replyTo).toBe(
      await store().postIdByObjectUri(noteId("carol", 21)),
    );
    expect(await stored(noteId("carol", 30))).toBeNull();
    expect(await store().accountByHandle("alice@p92.example")).toBeNull();
    expect((await stored(noteId("bob", 3)))?.replyTo).toBeNull();
  });

  it("keeps followers-only posts to the author's followers here and does not store direct ones", async () => {
    const aliceId = await aliceFollowingBob();
    const daveId = await newAccount(store(), "dave");
    const followers = `${h.remote.actorUri("bob")}/followers`;
    await h.deliver("/api/inbox", create("bob", note("bob", 5, { to: [followers], cc: [] })));
    await h.deliver(
      "/api/inbox",
      create("bob", note("bob", 6, { to: [`${ORIGIN}/api/accounts/alice`], cc: [] })),
    );
    await h.deliver("/api/inbox", create("bob", note("bob", 7, { to: [followers], cc: [PUBLIC] })));
    await h.drained();
    expect(await stored(noteId("bob", 6))).toBeNull();
    const unlisted = (await stored(noteId("bob", 7)))!;
    expect(unlisted.visibility).toBe("unlisted");
    const id = (await store().postIdByObjectUri(noteId("bob", 5)))!;
    expect((await store().postById(id, aliceId))?.visibility).toBe("followers");
    expect(await store().postById(id, daveId)).toBeNull();
    expect(await store().postById(id, null)).toBeNull();
    const bob = (await store().accountByHandle(h.remote.handle("bob")))!;
    const page = { before: null, limit: 10 };
    expect((await store().profilePosts(bob.id, page, aliceId)).map((p) => p.id)).toContain(id);
    expect((await store().profilePosts(bob.id, page, daveId)).map((p) => p.id)).not.toContain(id);
    expect((await store().everyoneTimeline(page, null)).map((p) => p.id)).toEqual([]);
    expect((await store().followingTimeline(aliceId, page)).map((p) => p.id)).toContain(id);
    // Nobody who cannot read it likes, replies to or quotes it; nobody reposts it at all.
    const act = (accountId: number, op: Parameters<typeof perform>[2]) =>
      perform({ runtime: h.runtime, ip: "test" }, accountId, op);
    await expect(act(daveId, { type: "like", postId: id })).rejects.toMatchObject({ status: 404 });
    for (const field of ["replyTo", "quoteOf"] as const) {
      const post = { id: newId(), text: "hm", media: [], replyTo: null, quoteOf: null, [field]: id };
      await expect(act(daveId, { type: "createPost", post })).rejects.toMatchObject({ status: 404 });
    }
    await expect(act(aliceId, { type: "repost", postId: id })).rejects.toMatchObject({
      status: 422,
      code: "cannot_repost_private",
    });
    // Alice likes it, stops following Bob, and can still take her like back.
    await act(aliceId, { type: "like", postId: id });
    await act(aliceId, { type: "unfollow", handle: h.remote.handle("bob") });
    expect(await store().postById(id, aliceId)).toBeNull();
    await act(aliceId, { type: "unlike", postId: id });
    expect((await store().postById(id, bob.id))?.likeCount).toBe(0);
  });

  it("keeps 20,000 code units of a long post and links to the rest", async () => {
    await aliceFollowingBob();
    await h.deliver(
      "/api/inbox",
      create("bob", note("bob", 8, { content: `<p>${"word ".repeat(10_000)}</p>` })),
    );
    await h.drained();
    const post = (await stored(noteId("bob", 8)))!;
    expect(post.text.length).toBeLessThanOrEqual(20_000);
    expect(post.text.endsWith(`Read the rest on its server: ${h.remote.origin}/@bob/8`)).toBe(true);
    expect(post.links).toContain(`${h.remote.origin}/@bob/8`);
  });
});

describe("a post from another server, seen from this server's ActivityPub side", () => {
  it("is not served as this server's note, and a reply here names it by its own id", async () => {
    const aliceId = await aliceFollowingBob();
    await h.deliver("/api/inbox", create("bob", note("bob", 1)));
    await settled(() => stored(noteId("bob", 1))).toBeTruthy();
    const remoteId = (await store().postIdByObjectUri(noteId("bob", 1)))!;
    const replyId = newId();
    await perform({ runtime: h.runtime, ip: "test" }, aliceId, {
      type: "createPost",
      post: {
        id: replyId,
        text: `@${h.remote.handle("bob")} hi`,
        media: [],
        replyTo: remoteId,
        quoteOf: null,
      },
    });
    const get = (id: string) =>
      h.runtime.federation.fetch(
        new Request(`${ORIGIN}/api/posts/${id}`, { headers: { accept: "application/activity+json" } }),
        { contextData: h.runtime },
      );
    expect((await get(remoteId)).status).toBe(404);
    const reply = (await (await get(replyId)).json()) as Record<string, unknown>;
    expect(reply.inReplyTo).toBe(noteId("bob", 1));
    expect([reply.tag].flat()).toContainEqual(
      expect.objectContaining({ type: "Mention", href: h.remote.actorUri("bob") }),
    );
  });
});

describe("an Update or Delete of a note", () => {
  it("edits and deletes it only when its author sends them", async () => {
    const aliceId = await aliceFollowingBob();
    await h.deliver("/api/inbox", create("bob", note("bob", 1)));
    await settled(() => stored(noteId("bob", 1))).toBeTruthy();
    const update = (name: string, n: number) => ({
      "@context": AS_CONTEXT,
      id: `${noteId("bob", 1)}#updates/${n}`,
      type: "Update",
      actor: h.remote.actorUri(name),
      object: note("bob", 1, { content: `<p>edited by ${name}</p>`, updated: "2026-12-02T10:00:00Z" }),
    });
    await h.deliver("/api/inbox", update("carol", 1));
    await h.drained();
    expect((await stored(noteId("bob", 1)))?.text).toBe("note 1");
    await h.deliver("/api/inbox", update("bob", 2));
    await settled(async () => (await stored(noteId("bob", 1)))?.text).toBe("edited by bob");
    expect((await stored(noteId("bob", 1)))?.editedAt).toBe("2026-12-02T10:00:00.000Z");
    // An older edit arriving late changes nothing.
    await h.deliver("/api/inbox", {
      ...update("bob", 3),
      object: note("bob", 1, { content: "<p>older</p>", updated: "2026-12-01T12:00:00Z" }),
    });
    await h.drained();
    expect((await stored(noteId("bob", 1)))?.text).toBe("edited by bob");

    const deletion = (name: string) => ({
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri(name)}#deletes/1`,
      type: "Delete",
      actor: h.remote.actorUri(name),
      object: { id: noteId("bob", 1), type: "Tombstone" },
    });
    await h.deliver("/api/inbox", deletion("carol"));
    await h.drained();
    expect((await stored(noteId("bob", 1)))?.deleted).toBe(false);
    await h.deliver("/api/inbox", deletion("bob"));
    await settled(async () => (await stored(noteId("bob", 1)))?.deleted).toBe(true);
    expect(await store().followingTimeline(aliceId, { before: null, limit: 10 })).toEqual([]);
  });

  it("of the actor itself deletes its posts here", async () => {
    await aliceFollowingBob();
    await h.deliver("/api/inbox", create("bob", note("bob", 1)));
    await settled(() => stored(noteId("bob", 1))).toBeTruthy();
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri("bob")}#delete`,
      type: "Delete",
      actor: h.remote.actorUri("bob"),
      object: h.remote.actorUri("bob"),
    });
    // Its account is deleted here with its posts (its count falls to 0), and nothing of it is shown.
    const bob = (await store().accountByHandle(h.remote.handle("bob")))!;
    await settled(() => store().accountByHandle(h.remote.handle("bob"))).toBeNull();
    expect((await store().accountById(bob.id))?.postCount).toBe(0);
    expect(await stored(noteId("bob", 1))).toBeNull();
  });
});

describe("an Announce of another server's note", () => {
  it("by someone followed here fetches the note and counts the repost", async () => {
    await aliceFollowingBob();
    h.remote.publish(note("carol", 1, { content: "<p>carol's</p>" }));
    await h.deliver("/api/inbox", {
      "@context": AS_CONTEXT,
      id: `${h.remote.actorUri("bob")}/statuses/99/activity`,
      type: "Announce",
      actor: h.remote.actorUri("bob"),
      object: noteId("carol", 1),
      to: [PUBLIC],
    });
    await settled(() => stored(noteId("carol", 1))).toMatchObject({ text: "carol's", repostCount: 1 });
  });
});
