import { newId } from "../../../shared/ids.ts";
import type { Post } from "../../../shared/schema/social.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, RETRY, type Person } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

/** PATCH /api/posts/:id as `person`. */
const edit = (api: Api, person: Person | null, postId: string, data: unknown) =>
  api.request.patch(`${api.url}/api/posts/${postId}`, {
    ...RETRY,
    headers: person?.auth ?? {},
    data,
  });

const earlier = (api: Api, person: Person | null, postId: string) =>
  api.request.get(`${api.url}/api/posts/${postId}/edits`, { ...RETRY, headers: person?.auth ?? {} });

test("an author edits a post's text: readers get the new text marked edited, only the author the old one", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const ada = await api.signUp("editada");
  const bea = await api.signUp("editbea");
  expect((await api.follow(bea, "editada")).status()).toBe(200);
  const post = await api.createPost(ada, "see teh news at https://example.com/a");
  // Bea's device has the post as first written: the edit reaches it as a change of its own.
  const first = await api.sync(bea, {});

  const answer = await edit(api, ada, post.id, { text: "see the news at https://example.org/b" });
  expect(answer.status(), await answer.text()).toBe(200);
  const edited = ((await answer.json()) as { post: Post }).post;
  expect(edited).toMatchObject({
    id: post.id,
    text: "see the news at https://example.org/b",
    createdAt: post.createdAt,
  });
  expect(edited.links).toEqual(["https://example.org/b"]);
  expect(Date.parse(edited.editedAt!)).toBeGreaterThanOrEqual(Date.parse(post.createdAt));

  // A follower's next sync brings the new text; the post page and search show it.
  const changes = (await api.sync(bea, { cursor: first.cursor })).changes;
  expect(changes.filter((c) => c.kind === "post").map((c) => c.kind === "post" && c.post.text)).toContain(
    "see the news at https://example.org/b",
  );
  const page = (await (await request.get(`${post.url}`, RETRY)).json()) as { post: Post };
  expect(page.post).toMatchObject({
    text: "see the news at https://example.org/b",
    editedAt: edited.editedAt,
  });
  const search = async (q: string) =>
    (
      (await (await request.get(`${server.current.url}/api/search/posts?q=${q}`, RETRY)).json()) as {
        posts: Post[];
      }
    ).posts.map((p) => p.id);
  expect(await search("the")).toContain(post.id);
  expect(await search("teh")).not.toContain(post.id);

  // Editing again keeps each earlier text, newest first, for the author alone.
  const again = await edit(api, ada, post.id, { text: "see the news at https://example.net/c" });
  expect(again.status()).toBe(200);
  const againAt = ((await again.json()) as { post: Post }).post.editedAt;
  const history = await earlier(api, ada, post.id);
  expect(history.status()).toBe(200);
  const { edits } = (await history.json()) as { edits: { text: string; replacedAt: string }[] };
  expect(edits.map((e) => e.text)).toEqual([
    "see the news at https://example.org/b",
    "see teh news at https://example.com/a",
  ]);
  expect((await earlier(api, bea, post.id)).status()).toBe(404);
  expect((await earlier(api, null, post.id)).status()).toBe(401);
  // The same text again changes nothing (a retried edit).
  const same = await edit(api, ada, post.id, { text: "see the news at https://example.net/c" });
  expect(((await same.json()) as { post: Post }).post.editedAt).toBe(againAt);
  expect(((await (await earlier(api, ada, post.id)).json()) as { edits: unknown[] }).edits).toHaveLength(2);

  // Deleting the post deletes the texts it had.
  expect((await request.delete(post.url, { ...RETRY, headers: ada.auth })).status()).toBe(204);
  expect((await earlier(api, ada, post.id)).status()).toBe(404);
  expect((await edit(api, ada, post.id, { text: "back?" })).status()).toBe(404);
});

test("an edit is refused for someone else's post, without text or media, past 500 characters, and past ten edits", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const cy = await api.signUp("editcy");
  const dee = await api.signUp("editdee");
  const post = await api.createPost(cy, "mine");
  const refused = async (person: Person | null, data: unknown) => {
    const response = await edit(api, person, post.id, data);
    return { status: response.status(), ...((await response.json()) as { error: object }).error };
  };
  expect(await refused(dee, { text: "yours now" })).toMatchObject({ status: 403, code: "forbidden" });
  expect(await refused(null, { text: "anyone" })).toMatchObject({ status: 401 });
  expect(await refused(cy, { text: "  " })).toMatchObject({ status: 422, code: "post_empty", field: "text" });
  expect(await refused(cy, { text: "x".repeat(501) })).toMatchObject({ status: 422, field: "text" });
  expect(await refused(cy, { text: "x".repeat(2_000_000) })).toMatchObject({ status: 413 });
  expect((await edit(api, cy, newId(), { text: "nothing there" })).status()).toBe(404);
  for (let i = 1; i <= 10; i++)
    expect((await edit(api, cy, post.id, { text: `mine, take ${i}` })).status()).toBe(200);
  expect(await refused(cy, { text: "mine, take 11" })).toMatchObject({ status: 409, code: "too_many_edits" });
  const now = (await (await request.get(post.url, RETRY)).json()) as { post: Post };
  expect(now.post.text).toBe("mine, take 10");
});

test.describe("with a short edit window", () => {
  const short = useServer({ env: { ...RELAXED_LIMITS, P92_POST_EDIT_WINDOW_SECONDS: "1" } });

  test("a post older than the window can no longer be edited, by the API or by sync", async ({ request }) => {
    const api = new Api(request, short.current.url);
    const eve = await api.signUp("editeve");
    const post = await api.createPost(eve, "quick");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const late = await edit(api, eve, post.id, { text: "too late" });
    expect(late.status()).toBe(409);
    expect(((await late.json()) as { error: object }).error).toMatchObject({
      code: "edit_window_closed",
      message: "This post can no longer be edited: posted too long ago",
    });
    const synced = await api.sync(eve, {
      ops: [{ opId: newId(), type: "editPost", postId: post.id, text: "via sync" }],
    });
    expect(synced.results[0]).toMatchObject({ ok: false, error: { code: "edit_window_closed" } });
    const read = (await (await request.get(post.url, RETRY)).json()) as { post: Post };
    expect(read.post.text).toBe("quick");
    expect(read.post.editedAt).toBeUndefined();
  });
});
