import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test } from "vitest";
import { newId } from "../../../shared/ids.ts";
import type { SyncOp } from "../../../shared/sync.ts";
import { db } from "../../../site/lib/db.ts";
import { readFeed } from "../../../site/lib/feed.ts";
import { followeesOf, followState } from "../../../site/lib/follows.ts";
import {
  createLocalPost,
  deleteOwnPost,
  editOwnPost,
  retryPost,
  setFollowing,
  toggleInteraction,
} from "../../../site/lib/outbox.ts";
import { addMutedWord, readMutedWords, removeMutedWord } from "../../../site/lib/muted-words.ts";
import { relationsWith, setRelation } from "../../../site/lib/people.ts";
import { applySyncPage } from "../../../site/lib/sync/apply.ts";
import { serverPost } from "./fixtures.ts";

const SERVER = "https://p92.example";

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

/** A post of Bob's, as the server sent it, with these counts; answers its id. */
async function bobsPost(likeCount: number, repostCount: number): Promise<string> {
  const id = newId();
  await applySyncPage(
    "me",
    [],
    [],
    [{ kind: "post", post: serverPost({ id, author: "bob", text: "x", likeCount, repostCount }) }],
    async () => undefined,
  );
  return id;
}

/** The server refuses every operation in the outbox, answering in the order they were sent. */
async function refuseAllSent(error = { code: "not_found", message: "the post is gone" }) {
  const sent = await db.outbox.toArray();
  const refused = { ok: false as const, error };
  await applySyncPage(
    "me",
    sent,
    sent.map((row) => ({ opId: row.opId, ...refused })),
    [],
    async () => undefined,
  );
  return sent;
}

describe("the outbox", () => {
  test("a new post and its operation are written together, the post marked sending", async () => {
    const post = await createLocalPost("ana", SERVER, {
      text: "Bonjour",
      media: [],
      replyTo: null,
      quoteOf: null,
    });
    expect(await db.posts.get(post.id)).toMatchObject({
      text: "Bonjour",
      localState: "sending",
      author: "ana",
    });
    const [row] = await db.outbox.toArray();
    expect(row?.op).toMatchObject({ type: "createPost", post: { id: post.id, text: "Bonjour" } });
  });

  test("an accepted post loses its sending mark and leaves the outbox", async () => {
    const post = await createLocalPost("ana", SERVER, {
      text: "Salut",
      media: [],
      replyTo: null,
      quoteOf: null,
    });
    const sent = await db.outbox.toArray();
    await applySyncPage("me", sent, [{ opId: sent[0]!.opId, ok: true }], [], async () => undefined);
    expect((await db.posts.get(post.id))?.localState).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  test("a refused post keeps its text, shows the server's reason, and can be queued again", async () => {
    const post = await createLocalPost("ana", SERVER, {
      text: "Refusé",
      media: [],
      replyTo: null,
      quoteOf: null,
    });
    const sent = await db.outbox.toArray();
    await applySyncPage(
      "me",
      sent,
      [{ opId: sent[0]!.opId, ok: false, error: { code: "invalid", message: "text: too long" } }],
      [],
      async () => undefined,
    );
    expect(await db.posts.get(post.id)).toMatchObject({
      text: "Refusé",
      localState: "failed",
      localError: "text: too long",
    });
    await retryPost(post.id);
    expect((await db.posts.get(post.id))?.localState).toBe("sending");
    const [again] = await db.outbox.toArray();
    expect(again?.opId).not.toBe(sent[0]!.opId);
    expect((again?.op as SyncOp).type).toBe("createPost");
  });

  test("a like counts at once and queues one operation", async () => {
    const id = newId();
    await applySyncPage(
      "me",
      [],
      [],
      [{ kind: "post", post: serverPost({ id, author: "bob", text: "x", likeCount: 2 }) }],
      async () => undefined,
    );
    await toggleInteraction(id, "like");
    expect(await db.posts.get(id)).toMatchObject({ likeCount: 3, liked: true });
    expect((await db.outbox.toArray()).map((r) => (r.op as SyncOp).type)).toEqual(["like"]);
  });

  test("a like or repost the server refuses is taken back with its count, saying why; trying again clears it", async () => {
    const id = await bobsPost(2, 1);
    await toggleInteraction(id, "like");
    await toggleInteraction(id, "repost");
    await refuseAllSent();
    expect(await db.posts.get(id)).toMatchObject({
      liked: false,
      likeCount: 2,
      reposted: false,
      repostCount: 1,
      actionError: "the post is gone",
    });
    expect(await db.outbox.count()).toBe(0);
    await toggleInteraction(id, "like");
    const again = await db.posts.get(id);
    expect(again).toMatchObject({ liked: true, likeCount: 3 });
    expect(again?.actionError).toBeUndefined();
  });

  test("a like and its undoing, both refused, leave the post as it was", async () => {
    const id = await bobsPost(2, 0);
    await toggleInteraction(id, "like");
    await toggleInteraction(id, "like");
    const sent = await refuseAllSent();
    expect(sent.map((row) => (row.op as SyncOp).type)).toEqual(["like", "unlike"]);
    expect(await db.posts.get(id)).toMatchObject({ liked: false, likeCount: 2 });
  });
});

describe("one's own posts", () => {
  /** A post of Ana's as the server sent it (a reply to `replyTo` if given); answers its id. */
  async function anasPost(text: string, replyTo: string | null = null): Promise<string> {
    const id = newId();
    const post = serverPost({ id, author: "ana", text, replyTo });
    await applySyncPage("me", [], [], [{ kind: "post", post }], async () => undefined);
    return id;
  }

  test("deleting a reply takes it and its parent's count off at once; a refusal puts both back, saying why", async () => {
    const parent = await bobsPost(0, 0);
    await db.posts.update(parent, { replyCount: 1 });
    const reply = await anasPost("my reply", parent);
    await deleteOwnPost(reply);
    expect(await db.posts.get(reply)).toBeUndefined();
    expect((await db.posts.get(parent))?.replyCount).toBe(0);
    const [queued] = await db.outbox.toArray();
    expect(queued?.op).toMatchObject({ type: "deletePost", postId: reply });
    await refuseAllSent({ code: "forbidden", message: "Only its author can delete or change a post" });
    expect(await db.posts.get(reply)).toMatchObject({
      text: "my reply",
      actionError: "Only its author can delete or change a post",
    });
    expect((await db.posts.get(parent))?.replyCount).toBe(1);
  });

  test("a deletion the server answers with no such post stays done", async () => {
    const id = await anasPost("gone elsewhere already");
    await deleteOwnPost(id);
    await refuseAllSent();
    expect(await db.posts.get(id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });

  test("an edit shows at once, marked edited with its links; a refused one puts the text back, saying why", async () => {
    const id = await anasPost("see example.com");
    await editOwnPost(id, "see https://example.org/page");
    const edited = await db.posts.get(id);
    expect(edited).toMatchObject({
      text: "see https://example.org/page",
      links: ["https://example.org/page"],
    });
    expect(edited?.editedAt).toBeDefined();
    const [queued] = await db.outbox.toArray();
    expect(queued?.op).toMatchObject({ type: "editPost", postId: id, text: "see https://example.org/page" });
    // The same text again queues nothing.
    await editOwnPost(id, "see https://example.org/page");
    expect(await db.outbox.count()).toBe(1);
    const late = "This post can no longer be edited: posted too long ago";
    await refuseAllSent({ code: "edit_window_closed", message: late });
    const back = await db.posts.get(id);
    expect(back).toMatchObject({ text: "see example.com", links: [], actionError: late });
    expect(back?.editedAt).toBeUndefined();
  });
});

describe("two edits of one post queued", () => {
  const late = {
    code: "edit_window_closed",
    message: "This post can no longer be edited: posted too long ago",
  };

  /** A post "v1" edited to "v2", then "v3", both edits still queued; answers its id. */
  async function editedTwice(): Promise<string> {
    const id = newId();
    const post = serverPost({ id, text: "v1" });
    await applySyncPage("me", [], [], [{ kind: "post", post }], async () => undefined);
    await editOwnPost(id, "v2");
    await editOwnPost(id, "v3");
    return id;
  }

  /** The server answers the oldest op in the outbox (as the next sync sends what it holds then). */
  async function answerOldest(ok: boolean): Promise<void> {
    const [row] = await db.outbox.toArray();
    const result = ok
      ? { opId: row!.opId, ok: true as const }
      : { opId: row!.opId, ok: false as const, error: late };
    await applySyncPage("me", [row!], [result], [], async () => undefined);
  }

  test("the first accepted and the second refused: the post shows the first, which the server has", async () => {
    const id = await editedTwice();
    await answerOldest(true);
    await answerOldest(false);
    expect(await db.posts.get(id)).toMatchObject({ text: "v2", actionError: late.message });
  });

  test("the first accepted and the second refused in one answer: the post shows the first", async () => {
    const id = await editedTwice();
    const [first, second] = await db.outbox.toArray();
    await applySyncPage(
      "me",
      [first!, second!],
      [
        { opId: first!.opId, ok: true },
        { opId: second!.opId, ok: false, error: late },
      ],
      [],
      async () => undefined,
    );
    expect(await db.posts.get(id)).toMatchObject({ text: "v2", actionError: late.message });
  });

  test("both refused, in separate answers: the post is as the server has it, never edited", async () => {
    const id = await editedTwice();
    await answerOldest(false);
    await answerOldest(false);
    const post = await db.posts.get(id);
    expect(post).toMatchObject({ text: "v1" });
    expect(post?.editedAt).toBeUndefined();
  });
});

describe("applying what the server sends", () => {
  test("posts, counts, the reader's like, follows and accounts all land, with the cursor, in one go", async () => {
    const id = newId();
    let cursor = "";
    await applySyncPage(
      "me",
      [],
      [],
      [
        {
          kind: "post",
          post: serverPost({ id, author: "bob", text: "Hello", viewer: { liked: true, reposted: false } }),
        },
        { kind: "counts", postId: id, replyCount: 1, likeCount: 5, repostCount: 2 },
        { kind: "follow", follower: "ana", followee: "bob", active: true },
      ],
      async () => {
        cursor = "c1";
      },
    );
    const stored = (await db.posts.get(id))!;
    expect(stored).toMatchObject({ likeCount: 5, repostCount: 2, liked: true, reposted: false });
    expect(stored).not.toHaveProperty("viewer");
    expect(await db.siteFollows.get(["ana", "bob"])).toBeTruthy();
    expect(cursor).toBe("c1");
  });

  test("a request to follow someone elsewhere is shown as such until accepted, and leaves when refused", async () => {
    const apply = (change: { active: boolean; requested?: true }) =>
      applySyncPage(
        "me",
        [],
        [],
        [{ kind: "follow", follower: "ana", followee: "bob@remote.example", ...change }],
        async () => {},
      );
    await apply({ active: true, requested: true });
    expect(await followState("ana", "bob@remote.example")).toBe("requested");
    expect(await followeesOf("ana")).toEqual(new Set());
    await apply({ active: true });
    expect(await followState("ana", "bob@remote.example")).toBe("following");
    expect(await followeesOf("ana")).toEqual(new Set(["bob@remote.example"]));
    await apply({ active: true, requested: true });
    await apply({ active: false });
    expect(await followState("ana", "bob@remote.example")).toBe("none");
  });

  test("the Following tab shows the people followed and oneself, the Everyone tab everybody", async () => {
    const t0 = Date.now();
    const posts = ["bob", "carol", "ana"].map((author, i) =>
      serverPost({
        id: newId(t0 + i),
        author,
        text: `by ${author}`,
        createdAt: new Date(t0 + i).toISOString(),
      }),
    );
    await applySyncPage(
      "me",
      [],
      [],
      posts.map((post) => ({ kind: "post" as const, post })),
      async () => undefined,
    );
    await setFollowing("ana", "bob", true);
    const following = await readFeed({ tab: "following", me: "ana", limit: 10 });
    expect(following.map((i) => i.post.author)).toEqual(["ana", "bob"]);
    const everyone = await readFeed({ tab: "everyone", me: "ana", limit: 10 });
    expect(everyone.map((i) => i.post.author)).toEqual(["ana", "carol", "bob"]);
    expect((await db.outbox.toArray()).map((r) => (r.op as SyncOp).type)).toEqual(["follow"]);
  });
});

describe("blocking and muting", () => {
  const feedAuthors = async () =>
    (await readFeed({ tab: "everyone", me: "me", limit: 50 })).map((item) => item.post.author);

  test("a mute leaves someone's stored posts out of the feed at once; a block drops them and the follows", async () => {
    await bobsPost(0, 0);
    await setFollowing("me", "bob", true);
    await applySyncPage(
      "me",
      [],
      [],
      [{ kind: "follow", follower: "bob", followee: "me", active: true }],
      async () => undefined,
    );
    await setRelation("me", "bob", "mute", true);
    expect(await feedAuthors()).toEqual([]);
    expect(await followState("me", "bob")).toBe("following");
    await setRelation("me", "bob", "mute", false);
    expect(await feedAuthors()).toEqual(["bob"]);

    await setRelation("me", "bob", "block", true);
    expect(await db.posts.count()).toBe(0);
    expect(await followState("me", "bob")).toBe("none");
    expect(await followState("bob", "me")).toBe("none");
    expect((await db.outbox.toArray()).map((row) => (row.op as SyncOp).type)).toEqual([
      "follow",
      "mute",
      "unmute",
      "block",
    ]);
  });

  test("what another device did arrives by sync, and a refused block or follow is taken back", async () => {
    await bobsPost(0, 0);
    const relation = { kind: "relation" as const, relation: "mute" as const, handle: "bob", active: true };
    await applySyncPage("me", [], [], [relation], async () => undefined);
    expect(await feedAuthors()).toEqual([]);
    expect(await relationsWith("me", "bob")).toEqual({ blocking: false, muting: true });
    // Before the session is known, the first paint leaves them out too.
    expect(await readFeed({ tab: "everyone", me: null, limit: 50 })).toEqual([]);

    await setRelation("me", "carol", "block", true);
    await setFollowing("me", "dan", true);
    await refuseAllSent({ code: "not_found", message: "@carol not found" });
    expect(await relationsWith("me", "carol")).toEqual({ blocking: false, muting: false });
    expect(await followState("me", "dan")).toBe("none");
  });

  test("a muted word leaves others' posts holding it out of the feed, not one's own, until it ends", async () => {
    const posts = [
      serverPost({ id: newId(), author: "bob", text: "Big SPOILÉR ahead" }),
      serverPost({ id: newId(), author: "me", text: "my spoiler" }),
      serverPost({ id: newId(), author: "bob", text: "spoilers are fine" }),
    ];
    const changes = posts.map((post) => ({ kind: "post" as const, post }));
    await applySyncPage("me", [], [], changes, async () => undefined);
    expect(await addMutedWord("  spoiler ", null)).toBe("added");
    expect((await feedAuthors()).sort()).toEqual(["bob", "me"]);
    expect(await readMutedWords()).toEqual([{ word: "spoiler", until: null }]);
    expect(await addMutedWord("Spoilér", new Date(Date.now() - 1000).toISOString())).toBe("added");
    expect(await readMutedWords()).toHaveLength(1);
    expect((await feedAuthors()).sort()).toEqual(["bob", "bob", "me"]);
    expect(await addMutedWord("", null)).toBe("invalid");
    // An ended word is let go when another is added.
    expect(await addMutedWord("other", null)).toBe("added");
    expect((await readMutedWords()).map((w) => w.word)).toEqual(["other"]);
    await removeMutedWord("other");
    expect(await readMutedWords()).toEqual([]);
  });
});
