import { newId } from "../../../shared/ids.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, RETRY } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("a retried post with the same id and content is the same post; other content is a 409", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const alice = await api.signUp("alice");
  const id = newId();
  const first = await api.post(alice, "Hello https://example.com/a", {}, id);
  expect(first.status()).toBe(201);
  const post = (await first.json()).post;
  expect(post).toMatchObject({
    id,
    url: `${server.current.url}/api/posts/${id}`,
    author: "alice",
    links: ["https://example.com/a"],
  });
  const retry = await api.post(alice, "Hello https://example.com/a", {}, id);
  expect(retry.status()).toBe(200);
  expect((await retry.json()).post).toEqual(post);
  const conflict = await api.post(alice, "Something else", {}, id);
  expect(conflict.status()).toBe(409);
  expect((await conflict.json()).error).toMatchObject({ code: "id_conflict", field: "id" });
  const page = await request.get(`${server.current.url}/api/accounts/alice/posts`);
  expect((await page.json()).posts.map((p: { id: string }) => p.id)).toEqual([id]);
});

test("a post over 500 characters is refused with 422 naming its length", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const bob = await api.signUp("bob");
  const response = await api.post(bob, "👨‍👩‍👧‍👦".repeat(501));
  expect(response.status()).toBe(422);
  expect((await response.json()).error).toMatchObject({
    code: "invalid",
    field: "text",
    message: expect.stringContaining("this one has 501"),
  });
  expect((await api.post(bob, "👨‍👩‍👧‍👦".repeat(500))).status()).toBe(201);
});

test("nobody can delete another person's post; the author's delete leaves it gone everywhere", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const carol = await api.signUp("carol");
  const mallory = await api.signUp("mallory");
  const post = await api.createPost(carol, "mine");
  const denied = await request.delete(post.url, { headers: mallory.auth });
  expect(denied.status()).toBe(403);
  expect((await denied.json()).error.code).toBe("forbidden");
  expect((await request.get(post.url)).status()).toBe(200);
  const anonymous = await request.delete(post.url);
  expect(anonymous.status()).toBe(401);
  expect((await request.delete(post.url, { headers: carol.auth })).status()).toBe(204);
  expect((await request.get(post.url)).status()).toBe(404);
  const everyone = await (await request.get(`${server.current.url}/api/timeline/everyone`)).json();
  expect(everyone.posts.map((p: { id: string }) => p.id)).not.toContain(post.id);
});

test("a thread's first page holds what the post answers, up to 20 posts up, with the reader's likes and reposts", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const eve = await api.signUp("eve.thread");
  const posts = [await api.createPost(eve, "post 0")];
  for (let i = 1; i <= 23; i++)
    posts.push(await api.createPost(eve, `post ${i}`, { replyTo: posts.at(-1)!.id }));
  const ids = (list: { id: string }[]) => list.map((p) => p.id);
  const third = await (await request.get(posts[3]!.url, { ...RETRY, headers: eve.auth })).json();
  expect(ids(third.ancestors)).toEqual(ids(posts.slice(0, 3)));
  expect(ids(third.replies)).toEqual([posts[4]!.id]);
  expect(third.ancestors[0].viewer).toEqual({ liked: false, reposted: false });
  // At most 20 above: the nearest ones.
  const last = await (await request.get(posts[23]!.url, RETRY)).json();
  expect(ids(last.ancestors)).toEqual(ids(posts.slice(3, 23)));
  // The thread's start answers nothing; a later page of replies leaves the ancestors out.
  expect((await (await request.get(posts[0]!.url, RETRY)).json()).ancestors).toEqual([]);
  const later = await (await request.get(`${posts[3]!.url}?before=999999999`, RETRY)).json();
  expect(later.ancestors).toBeUndefined();
  // A deleted post ends the walk: what is above it is not shown through it.
  expect((await request.delete(posts[1]!.url, { ...RETRY, headers: eve.auth })).status()).toBe(204);
  const after = await (await request.get(posts[3]!.url, RETRY)).json();
  expect(ids(after.ancestors)).toEqual([posts[2]!.id]);
});

test("replies and quotes link to their post and replies are counted", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const dan = await api.signUp("dan");
  const root = await api.createPost(dan, "root");
  const reply = await api.createPost(dan, "a reply", { replyTo: root.id });
  await api.createPost(dan, "a quote", { quoteOf: root.id });
  const thread = await (await request.get(root.url)).json();
  expect(thread.post.replyCount).toBe(1);
  expect(thread.replies.map((p: { id: string }) => p.id)).toEqual([reply.id]);
  // A signed-in reader sees their own likes on the post and on its replies.
  expect((await request.post(`${reply.url}/like`, { headers: dan.auth })).status()).toBe(200);
  const read = await (await request.get(root.url, { headers: dan.auth })).json();
  expect(read.post.viewer).toEqual({ liked: false, reposted: false });
  expect(read.replies[0]).toMatchObject({ likeCount: 1, viewer: { liked: true, reposted: false } });
  const orphan = await api.post(dan, "reply to nothing", { replyTo: newId() });
  expect(orphan.status()).toBe(404);
  expect((await orphan.json()).error.field).toBe("replyTo");
});

test("concurrent likes and reposts give exact counts", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const author = await api.signUp("popular");
  const post = await api.createPost(author, "like me");
  const fans = await Promise.all(Array.from({ length: 30 }, (_, i) => api.signUp(`fan${i}`)));
  await Promise.all(
    fans.flatMap((fan) => [
      request.post(`${post.url}/like`, { ...RETRY, headers: fan.auth }),
      request.post(`${post.url}/like`, { ...RETRY, headers: fan.auth }),
      request.post(`${post.url}/repost`, { ...RETRY, headers: fan.auth }),
    ]),
  );
  await Promise.all(
    fans.slice(0, 10).map((fan) => request.delete(`${post.url}/like`, { ...RETRY, headers: fan.auth })),
  );
  const { post: fresh } = await (await request.get(post.url, { headers: fans[0]!.auth })).json();
  expect(fresh).toMatchObject({ likeCount: 20, repostCount: 30, viewer: { liked: false, reposted: true } });
  await Promise.all(
    fans
      .slice(0, 5)
      .flatMap((fan) => [
        request.delete(`${post.url}/repost`, { ...RETRY, headers: fan.auth }),
        request.delete(`${post.url}/repost`, { ...RETRY, headers: fan.auth }),
      ]),
  );
  const { post: after } = await (await request.get(post.url, { headers: fans[0]!.auth })).json();
  expect(after).toMatchObject({ likeCount: 20, repostCount: 25, viewer: { liked: false, reposted: false } });
});

test("the following timeline holds followed accounts and oneself, newest first, in pages", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const reader = await api.signUp("reader");
  const friend = await api.signUp("friend");
  const stranger = await api.signUp("stranger");
  expect((await api.follow(reader, "friend")).status()).toBe(200);
  const expected: string[] = [];
  for (let i = 0; i < 7; i++) {
    expected.unshift((await api.createPost(i % 2 ? friend : reader, `post ${i}`)).id);
    await api.createPost(stranger, `noise ${i}`);
  }
  const seen: string[] = [];
  let next: string | null = null;
  do {
    const query: string = next ? `?limit=3&before=${next}` : "?limit=3";
    const page = await (
      await request.get(`${server.current.url}/api/timeline/following${query}`, { headers: reader.auth })
    ).json();
    expect(page.posts.length).toBeLessThanOrEqual(3);
    seen.push(...page.posts.map((p: { id: string }) => p.id));
    next = page.next;
  } while (next);
  expect(seen).toEqual(expected);
  const everyone = await (await request.get(`${server.current.url}/api/timeline/everyone?limit=50`)).json();
  expect(everyone.posts.length).toBeGreaterThanOrEqual(14);
});

test("a page holds at most 50 posts, whatever limit is asked; a limit that is not a number is a 400", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const prolific = await api.signUp("prolific");
  const ops = Array.from({ length: 60 }, (_, i) => ({
    opId: newId(),
    type: "createPost" as const,
    post: { id: newId(), text: `post ${i}`, media: [], replyTo: null, quoteOf: null },
  }));
  const synced = await api.sync(prolific, { ops, cursor: null });
  expect(synced.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
  const url = `${server.current.url}/api/accounts/prolific/posts?limit=200`;
  const page = await (await request.get(url)).json();
  expect(page.posts).toHaveLength(50);
  expect(page.next).not.toBeNull();
  const rest = await (await request.get(`${url}&before=${page.next}`)).json();
  expect(rest.posts).toHaveLength(10);
  const bad = await request.get(`${server.current.url}/api/timeline/everyone?limit=ten`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatchObject({ code: "invalid_limit", field: "limit" });
});
