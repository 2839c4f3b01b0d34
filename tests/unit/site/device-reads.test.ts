import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test } from "vitest";
import { newId } from "../../../shared/ids.ts";
import { readAccount, storeAccount } from "../../../site/lib/authors.ts";
import { db } from "../../../site/lib/db.ts";
import { readThread } from "../../../site/lib/thread.ts";
import { discardFailedPost, storePosts } from "../../../site/lib/posts.ts";
import { deleteOwnPost, editOwnPost } from "../../../site/lib/outbox.ts";
import { readImportedProfile } from "../../../site/lib/profile.ts";
import { readUploadChoice, saveUploadChoice } from "../../../site/lib/settings.ts";
import { serverAccount, serverPost } from "./fixtures.ts";

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe("what the screens read from the device", () => {
  test("a thread shows what the post answers up to the thread's start, the post, and its replies oldest first, with authors", async () => {
    const t0 = Date.now();
    const start = serverPost({ id: newId(t0 - 1), author: "cleo", text: "Start" });
    const parent = serverPost({ id: newId(t0), author: "ana", text: "Question?", replyTo: start.id });
    const main = serverPost({ id: newId(t0 + 1), author: "bob", replyTo: parent.id });
    const later = serverPost({
      id: newId(t0 + 3),
      createdAt: new Date(t0 + 3).toISOString(),
      replyTo: main.id,
    });
    const sooner = serverPost({
      id: newId(t0 + 2),
      createdAt: new Date(t0 + 2).toISOString(),
      replyTo: main.id,
    });
    await storePosts([start, parent, main, later, sooner]);
    await storeAccount(serverAccount("bob"));
    const thread = await readThread(main.id, null);
    expect(thread?.ancestors.map((a) => a.post.id)).toEqual([start.id, parent.id]);
    expect(thread?.main.post.id).toBe(main.id);
    expect(thread?.main.author?.displayName).toBe("Name of bob");
    expect(thread?.replies.map((r) => r.post.id)).toEqual([sooner.id, later.id]);
  });

  test("a thread whose post is not on the device reads as null", async () => {
    expect(await readThread(newId(), null)).toBeNull();
  });

  test("an account or an imported profile the device does not hold reads as null", async () => {
    expect(await readAccount("nobody")).toBeNull();
    expect(await readImportedProfile()).toBeNull();
    await storeAccount(serverAccount("ana"));
    expect((await readAccount("ana"))?.handle).toBe("ana");
  });

  test("the upload choice is null until the person answers", async () => {
    expect(await readUploadChoice()).toBeNull();
    await saveUploadChoice("declined");
    expect(await readUploadChoice()).toBe("declined");
  });
});

describe("posts from the server", () => {
  test("a copy read without signing in keeps the reader's own like and repost", async () => {
    const post = serverPost({ viewer: { liked: true, reposted: true } });
    await storePosts([post]);
    const { viewer: _, ...anonymous } = post;
    await storePosts([{ ...anonymous, likeCount: 7 }]);
    expect(await db.posts.get(post.id)).toMatchObject({ liked: true, reposted: true, likeCount: 7 });
  });

  test("a copy read while one's deletion or edit of it waits in the outbox does not undo it", async () => {
    const kept = serverPost({ author: "ana", text: "to edit" });
    const gone = serverPost({ author: "ana", text: "to delete" });
    await storePosts([kept, gone]);
    await editOwnPost(kept.id, "edited");
    await deleteOwnPost(gone.id);
    await storePosts([kept, gone]);
    expect(await db.posts.get(gone.id)).toBeUndefined();
    expect(await db.posts.get(kept.id)).toMatchObject({ text: "edited" });
    expect((await db.posts.get(kept.id))?.editedAt).toBeDefined();
  });

  test("a copy read after an action was refused keeps saying why", async () => {
    const post = serverPost();
    await storePosts([post]);
    await db.posts.update(post.id, { actionError: "This post can no longer be edited" });
    await storePosts([post]);
    expect((await db.posts.get(post.id))?.actionError).toBe("This post can no longer be edited");
  });

  test("only a refused post can be discarded", async () => {
    const post = serverPost();
    await storePosts([post]);
    await discardFailedPost(post.id);
    expect(await db.posts.get(post.id)).toBeDefined();
    await db.posts.update(post.id, { localState: "failed" });
    await discardFailedPost(post.id);
    expect(await db.posts.get(post.id)).toBeUndefined();
  });
});
