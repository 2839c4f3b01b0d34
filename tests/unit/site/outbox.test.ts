import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { SyncOp } from "../../../shared/sync.ts";
import { db } from "../../../site/lib/db.ts";
import { followState } from "../../../site/lib/follows.ts";
import { createLocalPost, retryPost, setFollowing, toggleInteraction } from "../../../site/lib/outbox.ts";
import { storePosts } from "../../../site/lib/posts.ts";
import { requestSync } from "../../../site/lib/sync/scheduler.ts";
import { serverPost } from "./fixtures.ts";

vi.mock("../../../site/lib/sync/scheduler.ts", () => ({ requestSync: vi.fn(async () => undefined) }));

const queuedTypes = async () =>
  (await db.outbox.orderBy("seq").toArray()).map((row) => (row.op as SyncOp).type);
const draft = (text: string, replyTo: string | null = null) => ({ text, media: [], replyTo, quoteOf: null });

beforeEach(async () => {
  vi.mocked(requestSync).mockClear();
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe("actions queued for the server", () => {
  test("a second tap on like takes the like back and queues like then unlike", async () => {
    const post = serverPost({ likeCount: 4 });
    await storePosts([post]);
    await toggleInteraction(post.id, "like");
    expect(await db.posts.get(post.id)).toMatchObject({ liked: true, likeCount: 5 });
    await toggleInteraction(post.id, "like");
    expect(await db.posts.get(post.id)).toMatchObject({ liked: false, likeCount: 4 });
    expect(await queuedTypes()).toEqual(["like", "unlike"]);
  });

  test("a repost counts at once, and an unrepost never shows a negative count", async () => {
    const post = serverPost({ repostCount: 0, viewer: { liked: false, reposted: true } });
    await storePosts([post]);
    await toggleInteraction(post.id, "repost");
    expect(await db.posts.get(post.id)).toMatchObject({ reposted: false, repostCount: 0 });
    await toggleInteraction(post.id, "repost");
    expect(await db.posts.get(post.id)).toMatchObject({ reposted: true, repostCount: 1, likeCount: 0 });
    expect(await queuedTypes()).toEqual(["unrepost", "repost"]);
  });

  test("liking a post the device does not hold queues nothing", async () => {
    await toggleInteraction("0190d7a0-0000-7000-8000-000000000000", "like");
    expect(await db.outbox.count()).toBe(0);
  });

  test("a reply adds one to its parent's reply count at once", async () => {
    const parent = serverPost({ replyCount: 2 });
    await storePosts([parent]);
    await createLocalPost("bob", "https://p92.example", draft("Yes!", parent.id));
    expect((await db.posts.get(parent.id))?.replyCount).toBe(3);
  });

  test("following and unfollowing show at once and queue follow then unfollow", async () => {
    await setFollowing("ana", "bob", true);
    expect(await followState("ana", "bob")).toBe("following");
    await setFollowing("ana", "bob", false);
    expect(await followState("ana", "bob")).toBe("none");
    expect(await queuedTypes()).toEqual(["follow", "unfollow"]);
  });

  test("following someone on another server shows as requested until their server accepts", async () => {
    await setFollowing("ana", "bob@remote.example", true);
    expect(await followState("ana", "bob@remote.example")).toBe("requested");
  });

  test("every action asks for a sync by itself, once it is written", async () => {
    const post = await createLocalPost("ana", "https://p92.example", draft("Bonjour"));
    expect(requestSync).toHaveBeenCalledTimes(1);
    await db.posts.update(post.id, { localState: "failed", localError: "refused" });
    await retryPost(post.id);
    await toggleInteraction(post.id, "like");
    await setFollowing("ana", "bob", true);
    expect(requestSync).toHaveBeenCalledTimes(4);
    expect(await queuedTypes()).toEqual(["createPost", "createPost", "like", "follow"]);
  });
});
