import { startServer, type RunningServer } from "../support/server.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, handles, notifications, postIds, RELAXED_LIMITS, type Person } from "./client.ts";
import { png } from "./media-fixtures.ts";

// A small batch and a pause between two: the purge of an account of 60 posts takes several
// seconds, long enough to kill the server in the middle of it.
const PURGE = { P92_PURGE_BATCH: "10", P92_PURGE_PAUSE_MS: "800" };
const server = useServer({ env: { ...RELAXED_LIMITS, ...PURGE } });
const PASSWORD = "correct horse battery";

/** An account with posts (one with a photo), a like, a reply and follows both ways with @carl. */
async function activeAccount(api: Api, handle: string, carl: Person, posts: number) {
  const person = await api.signUp(handle);
  const topic = await api.createPost(carl, `Carl asks ${handle}`);
  const uploaded = await api.request.post(`${api.url}/api/media`, {
    headers: { ...person.auth, "content-type": "image/png" },
    data: await png(30, 30),
  });
  const photo = (await uploaded.json()).media as { id: string; url: string };
  const first = await api.createPost(person, `zebra first of ${handle}`, {
    media: [{ id: photo.id, alt: "" }],
  });
  for (let i = 1; i < posts; i++) await api.createPost(person, `zebra ${i} of ${handle}`);
  const reply = await api.createPost(person, `zebra answer of ${handle}`, { replyTo: topic.id });
  expect((await api.call("POST", person, `/api/posts/${topic.id}/like`)).status()).toBe(200);
  expect((await api.follow(person, carl.handle)).status()).toBe(200);
  expect((await api.follow(carl, handle)).status()).toBe(200);
  return { person, topic, first, reply, photo };
}

const deleteAccount = (api: Api, person: Person | null, password?: string) =>
  api.call("POST", person, "/api/me/delete", password === undefined ? {} : { password });

/** What @carl sees of the topic and of himself once the purge has run. */
async function carlsCounts(api: Api, carl: Person, topicId: string) {
  const topic = (await (await api.call("GET", carl, `/api/posts/${topicId}`)).json()).post;
  const me = (await (await api.call("GET", carl, "/api/me")).json()).account;
  return {
    likes: topic.likeCount,
    replies: topic.replyCount,
    followers: me.followerCount,
    following: me.followingCount,
  };
}

test("deleting one's account takes the password, then nothing of it is shown, it cannot sign in, and its handle stays taken", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const carl = await api.signUp("delcarl");
  // 30 posts: the purge (10 at a time, 0.8 s apart, oldest first) takes seconds to reach the
  // newest, so what is checked at once is hidden by the deletion itself, not yet purged.
  const { person: dora, topic, first, reply, photo } = await activeAccount(api, "deldora", carl, 30);
  const newest = await api.createPost(dora, "zebra newest of deldora");
  const carlDevice = await api.sync(carl, {});

  expect((await deleteAccount(api, null, PASSWORD)).status()).toBe(401);
  const wrong = await deleteAccount(api, dora, "wrong horse battery");
  expect(wrong.status()).toBe(403);
  expect(await wrong.json()).toMatchObject({ error: { code: "wrong_password", field: "password" } });
  expect((await deleteAccount(api, dora)).status()).toBe(422);
  expect((await api.call("GET", dora, "/api/me")).status()).toBe(200);

  const deleted = await deleteAccount(api, dora, PASSWORD);
  expect(deleted.status()).toBe(202);
  const answer = (await deleted.json()) as { handle: string; reservedUntil: string };
  expect(answer.handle).toBe("deldora");
  const reserved = Date.parse(answer.reservedUntil) - Date.now();
  expect(reserved).toBeGreaterThan(29.9 * 24 * 3600_000);
  expect(reserved).toBeLessThanOrEqual(30 * 24 * 3600_000);

  // Signed out, and no way back in.
  expect((await api.call("GET", dora, "/api/me")).status()).toBe(401);
  const signIn = await request.post(`${server.current.url}/api/auth/sign-in`, {
    data: { handle: "deldora", password: PASSWORD },
  });
  expect(signIn.status()).toBe(401);
  // Nothing of it, for anyone, on any route, at once (its purge runs after).
  for (const reader of [carl, null]) {
    const profile = await api.call("GET", reader, "/api/accounts/deldora");
    expect(profile.status()).toBe(404);
    expect((await profile.json()).error.code).toBe("deleted");
    expect((await api.call("GET", reader, "/api/accounts/deldora/posts")).status()).toBe(404);
    expect((await api.call("GET", reader, `/api/posts/${newest.id}`)).status()).toBe(404);
    expect(await postIds(api, reader, `/api/posts/${topic.id}`)).toEqual([]);
    expect(await postIds(api, reader, "/api/timeline/everyone")).toEqual([topic.id]);
    expect(await postIds(api, reader, "/api/search/posts?q=zebra")).toEqual([]);
    expect(await handles(api, reader, "/api/search/accounts?q=deldora")).toEqual([]);
    expect(await handles(api, reader, "/api/accounts/delcarl/followers")).toEqual([]);
  }
  expect(await postIds(api, carl, "/api/timeline/following")).toEqual([topic.id]);
  expect((await notifications(api, carl)).notifications.map((n) => n.actor)).not.toContain("deldora");
  expect((await api.follow(carl, "deldora")).status()).toBe(404);
  // Carl's device drops what it holds of it.
  const later = await api.sync(carl, { cursor: carlDevice.cursor });
  expect(later.changes).toContainEqual({ kind: "suspension", handle: "deldora", active: true });
  // Its handle stays taken.
  const again = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "deldora", password: PASSWORD },
  });
  expect(again.status()).toBe(409);

  // The purge ends: its like, reply and follows leave Carl's counts, its photo is gone, and
  // Carl's device hears the follow is over.
  await expect(async () => {
    expect(await carlsCounts(api, carl, topic.id)).toEqual({
      likes: 0,
      replies: 0,
      followers: 0,
      following: 0,
    });
  }).toPass({ timeout: 30_000 });
  expect((await request.get(photo.url)).status()).toBe(404);
  expect((await api.call("GET", carl, `/api/posts/${reply.id}`)).status()).toBe(404);
  expect((await api.call("GET", carl, `/api/posts/${first.id}`)).status()).toBe(404);
  const ended = await api.sync(carl, { cursor: later.cursor });
  expect(ended.changes).toContainEqual({
    kind: "follow",
    follower: "delcarl",
    followee: "deldora",
    active: false,
  });
});

test("a kill -9 in the middle of the purge loses nothing: the account stays deleted, and the restart finishes the job", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const api = new Api(request, server.current.url);
  const carl = await api.signUp("killcarl");
  const { person: eve, topic } = await activeAccount(api, "killeve", carl, 60);
  expect((await deleteAccount(api, eve, PASSWORD)).status()).toBe(202);
  // Its posts are being removed, ten at a time: the server dies in the middle.
  await expect
    .poll(() => server.current.output(), { timeout: 20_000 })
    .toMatch(/@killeve .*: removing its posts/);
  await server.current.kill();
  expect(server.current.output()).not.toMatch(/@killeve .*: everything it had is removed/);

  let restarted: RunningServer | undefined;
  try {
    restarted = await startServer({
      dataDir: server.current.dataDir,
      port: server.current.port,
      env: { ...RELAXED_LIMITS, ...PURGE, P92_PURGE_PAUSE_MS: "1" },
    });
    const after = new Api(request, restarted.url);
    // Still deleted for everyone while the restarted server finishes.
    expect((await after.call("GET", carl, "/api/accounts/killeve")).status()).toBe(404);
    expect(await postIds(after, carl, "/api/search/posts?q=zebra")).toEqual([]);
    await expect
      .poll(() => restarted!.output(), { timeout: 30_000 })
      .toMatch(/@killeve .*: everything it had is removed/);
    expect(await carlsCounts(after, carl, topic.id)).toEqual({
      likes: 0,
      replies: 0,
      followers: 0,
      following: 0,
    });
  } finally {
    // useServer's afterAll stops (and cleans up after) this replacement instead.
    if (restarted) server.current = restarted;
  }
});
