import { newId } from "../../../shared/ids.ts";
import type { SyncChange } from "../../../shared/sync.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, type Person } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("each op is applied at most once, with a result per op", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const ann = await api.signUp("ann");
  const ben = await api.signUp("ben");
  const target = await api.createPost(ben, "ben's post");
  const postId = newId();
  const opId = newId();
  const ops = [
    {
      opId,
      type: "createPost" as const,
      post: { id: postId, text: "from the outbox", media: [], replyTo: null, quoteOf: null },
    },
    { opId: newId(), type: "like" as const, postId: target.id },
    { opId: newId(), type: "follow" as const, handle: "ben" },
    { opId: newId(), type: "deletePost" as const, postId: target.id },
    { opId: newId(), type: "like" as const, postId: newId() },
  ];
  const first = await api.sync(ann, { ops, cursor: null });
  expect(first.results).toEqual([
    { opId, ok: true },
    { opId: ops[1]!.opId, ok: true },
    { opId: ops[2]!.opId, ok: true },
    { opId: ops[3]!.opId, ok: false, error: expect.objectContaining({ code: "forbidden" }) },
    { opId: ops[4]!.opId, ok: false, error: expect.objectContaining({ code: "not_found" }) },
  ]);
  // The same batch again, as after a lost answer: nothing is applied twice.
  const again = await api.sync(ann, { ops: ops.slice(0, 3), cursor: first.cursor });
  expect(again.results.every((r) => r.ok)).toBe(true);
  const { post } = await (await request.get(target.url)).json();
  expect(post.likeCount).toBe(1);
  const { account } = await (await request.get(`${server.current.url}/api/accounts/ann`)).json();
  expect(account).toMatchObject({ postCount: 1, followingCount: 1 });
});

test("nobody can sync as another person", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const owner = await api.signUp("owner");
  const intruder = await api.signUp("intruder");
  const post = await api.createPost(owner, "keep this");
  const noToken = await request.post(`${server.current.url}/api/sync`, { data: { ops: [], cursor: null } });
  expect(noToken.status()).toBe(401);
  const forged = await request.post(`${server.current.url}/api/sync`, {
    headers: { authorization: "Bearer not-a-real-token-at-all-xyz" },
    data: { cursor: null },
  });
  expect(forged.status()).toBe(401);
  const attempt = await api.sync(intruder, {
    ops: [
      { opId: newId(), type: "deletePost", postId: post.id },
      { opId: newId(), type: "updateProfile", profile: { displayName: "hacked" } },
    ],
    cursor: null,
  });
  expect(attempt.results[0]).toMatchObject({ ok: false, error: { code: "forbidden" } });
  expect((await request.get(post.url)).status()).toBe(200);
  const { account } = await (await request.get(`${server.current.url}/api/accounts/owner`)).json();
  expect(account.displayName).toBe("");
});

async function pullAll(api: Api, person: Person, cursor: string, seen: SyncChange[]): Promise<string> {
  for (;;) {
    const page = await api.sync(person, { cursor });
    seen.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return cursor;
  }
}

test("a client pulling while others write sees every change exactly once", async ({ request }) => {
  test.setTimeout(120_000);
  const api = new Api(request, server.current.url);
  const reader = await api.signUp("puller");
  const writers = await Promise.all([0, 1, 2, 3].map((i) => api.signUp(`writer${i}`)));
  const fans = await Promise.all([0, 1].map((i) => api.signUp(`fan${i}`)));
  for (const writer of writers) await api.follow(reader, writer.handle);
  let cursor = (await api.sync(reader, { cursor: null })).cursor;
  const seen: SyncChange[] = [];
  const written: string[] = [];
  const liked: string[] = [];
  const toggles = new Map<string, boolean[]>(fans.map((fan) => [fan.handle, []]));
  let writing = true;
  const writersDone = Promise.all([
    ...writers.map(async (writer) => {
      for (let i = 0; i < 150; i++) {
        const batch = await Promise.all(
          Array.from({ length: 4 }, (_, j) => api.createPost(writer, `${writer.handle} ${i}.${j}`)),
        );
        written.push(...batch.map((p) => p.id));
      }
    }),
    // Meanwhile the reader likes posts from another device, and fans follow and unfollow them.
    (async () => {
      // Bounded: at most about 10 s of waiting for the writers' next post.
      for (let tries = 0; liked.length < 40 && tries < 2000; tries++) {
        const id = written.at(-1);
        if (!id || liked.includes(id)) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        const like = await request.post(`${server.current.url}/api/posts/${id}/like`, {
          headers: reader.auth,
        });
        expect(like.status()).toBe(200);
        liked.push(id);
      }
    })(),
    ...fans.map(async (fan) => {
      for (let i = 0; i < 30; i++) {
        const active = i % 2 === 0;
        const url = `${server.current.url}/api/accounts/${reader.handle}/follow`;
        const answer = active
          ? await request.post(url, { headers: fan.auth })
          : await request.delete(url, { headers: fan.auth });
        expect(answer.status()).toBe(200);
        toggles.get(fan.handle)!.push(active);
      }
    }),
  ]).finally(() => (writing = false));
  while (writing) cursor = await pullAll(api, reader, cursor, seen);
  await writersDone;
  cursor = await pullAll(api, reader, cursor, seen);
  const postIds = seen.flatMap((c) => (c.kind === "post" ? [c.post.id] : []));
  expect(postIds.length).toBe(written.length);
  expect(new Set(postIds)).toEqual(new Set(written));
  const likes = seen.flatMap((c) => (c.kind === "like" && c.active ? [c.postId] : []));
  expect(liked).toHaveLength(40);
  expect(likes.toSorted()).toEqual(liked.toSorted());
  for (const fan of fans) {
    const follows = seen.flatMap((c) =>
      c.kind === "follow" && c.follower === fan.handle && c.followee === reader.handle ? [c.active] : [],
    );
    expect(follows).toEqual(toggles.get(fan.handle));
  }
});

test("a pull of many changes comes in bounded pages with more", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const heavy = await api.signUp("heavy");
  const start = (await api.sync(heavy, { cursor: null })).cursor;
  const ops = Array.from({ length: 100 }, (_, i) => ({
    opId: newId(),
    type: "createPost" as const,
    post: { id: newId(), text: `bulk ${i}`, media: [], replyTo: null, quoteOf: null },
  }));
  for (let i = 0; i < 6; i++) {
    await api.sync(heavy, {
      ops: ops.map((op) => ({ ...op, opId: newId(), post: { ...op.post, id: newId() } })),
      cursor: start,
    });
  }
  const first = await api.sync(heavy, { cursor: start });
  expect(first.changes.length).toBe(500);
  expect(first.more).toBe(true);
  const second = await api.sync(heavy, { cursor: first.cursor });
  expect(second.changes.length).toBe(100);
  expect(second.more).toBe(false);
});

test("likes, counts, follows and deletions reach the client", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const me = await api.signUp("me");
  const pal = await api.signUp("pal");
  const start = (await api.sync(me, { cursor: null })).cursor;
  await api.follow(me, "pal");
  const post = await api.createPost(pal, "hello");
  await request.post(`${post.url}/like`, { headers: me.auth });
  await request.delete(post.url, { headers: pal.auth });
  const { changes } = await api.sync(me, { cursor: start });
  expect(changes.map((c) => c.kind)).toEqual(["follow", "like", "counts", "postDeleted"]);
  expect(changes[0]).toEqual({ kind: "follow", follower: "me", followee: "pal", active: true });
});

test("a first sync gets a recent window; later pulls bring fresh counts of posts the client holds", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const fresh = await api.signUp("newcomer");
  const star = await api.signUp("star");
  const stranger = await api.signUp("distant");
  await api.follow(fresh, "star");
  const followed = await api.createPost(star, "followed post");
  const elsewhere = await api.createPost(stranger, "seen in everyone");
  const first = await api.sync(fresh, { cursor: null });
  expect(first.more).toBe(false);
  expect(first.changes).toEqual([
    { kind: "account", account: expect.objectContaining({ handle: "newcomer", followingCount: 1 }) },
    { kind: "follow", follower: "newcomer", followee: "star", active: true },
    { kind: "post", post: expect.objectContaining({ id: followed.id }) },
  ]);
  await request.post(`${elsewhere.url}/like`, { headers: star.auth });
  const later = await api.sync(fresh, { cursor: first.cursor, known: [elsewhere.id] });
  expect(later.changes).toEqual([
    { kind: "counts", postId: elsewhere.id, replyCount: 0, likeCount: 1, repostCount: 0 },
  ]);
  const unaware = await api.sync(fresh, { cursor: first.cursor });
  expect(unaware.changes).toEqual([]);
});
