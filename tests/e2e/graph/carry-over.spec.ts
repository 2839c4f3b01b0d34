import { expect, test } from "@playwright/test";
import { Api, type Person } from "../server/client.ts";
import { GraphApi } from "./graph-client.ts";
import { useGraphServer } from "./support.ts";

const world = useGraphServer();

/** Proves `handle` for `person`: a code, the code in the fake Instagram bio, the server checks. */
async function prove(graph: GraphApi, person: Person, handle: string, verified = false) {
  const code = await graph.askCode(person, handle);
  world.instagram.profiles.set(handle, { biography: `Hello! ${code} 🌿`, verified });
  const checked = await graph.check(person);
  expect(checked.status).toBe(200);
  return checked.body;
}

test("A gets Follow all (1) for B, then follows C automatically when C proves; C sees one Instagram follower here", async ({
  request,
}) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const [a, b, d] = [await api.signUp("ann"), await api.signUp("bob"), await api.signUp("dora")];

  // B is on P92 with a proven handle; the badge comes from Instagram's answer, not the claim.
  const bProof = await prove(graph, b, "bob.ig", true);
  expect(bProof.account.instagram).toEqual({ handle: "bob.ig", proven: true, verified: true });

  // A follows B and C on Instagram; D follows C but turned auto-follow off.
  const upload = await graph.call(a, "POST", "/api/instagram/lists", {
    following: ["Bob.IG", "cleo.ig", "not_on_p92"],
    followers: ["cleo.ig", "someone_else"],
  });
  expect(upload.status).toBe(200);
  expect(upload.body).toEqual({ following: 3, followers: 2, autoFollow: true });
  await graph.call(d, "POST", "/api/instagram/lists", { following: ["cleo.ig"] });
  expect(
    (await graph.call(d, "PATCH", "/api/instagram/settings", { autoFollow: false })).body.autoFollow,
  ).toBe(false);

  const matches = await graph.call(a, "GET", "/api/instagram/matches");
  expect(matches.body.count).toBe(1);
  expect(matches.body.accounts.map((x: { handle: string }) => x.handle)).toEqual(["bob"]);
  const followAll = await graph.call(a, "POST", "/api/instagram/matches/follow");
  expect(followAll.body).toEqual({ followed: 1 });
  const after = await graph.call(a, "GET", "/api/instagram/matches");
  expect(after.body).toMatchObject({ count: 0, alreadyFollowing: 1, accounts: [] });

  // A's device is in sync before C arrives.
  const before = await api.sync(a, { cursor: null });

  // C joins later and proves the handle: A (opted in) follows C at once, D does not.
  const c = await api.signUp("cleo");
  const cProof = await prove(graph, c, "cleo.ig");
  expect(cProof.autoFollowed).toBe(1);
  expect(cProof.instagramFollowersHere).toBe(1);
  expect(cProof.account).toMatchObject({ followerCount: 1, instagram: { proven: true, verified: false } });
  expect((await graph.me(a)).followingCount).toBe(2);
  expect((await graph.me(d)).followingCount).toBe(0);

  // The follow reaches A's devices through sync, like any other follow.
  const pulled = await api.sync(a, { cursor: before.cursor });
  expect(pulled.changes).toContainEqual({ kind: "follow", follower: "ann", followee: "cleo", active: true });

  // Both A and D hear that someone they follow on Instagram joined; C hears of the new follower.
  for (const person of [a, d]) {
    const notes = await graph.call(person, "GET", "/api/notifications");
    expect(notes.body.notifications[0]).toMatchObject({
      kind: "instagram_joined",
      actor: "cleo",
      read: false,
    });
  }
  // Every sync answer carries the unread count, so the site can show it without another request.
  expect((await api.sync(c, { cursor: null })).notifications).toEqual({ unread: 1 });
  const cNotes = await graph.call(c, "GET", "/api/notifications");
  expect(cNotes.body.unread).toBe(1);
  expect(cNotes.body.notifications).toMatchObject([{ kind: "follow", actor: "ann" }]);
});

test("notifications list likes, reposts, replies and quotes with an unread count that marking read clears", async ({
  request,
}) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const [writer, reader] = [await api.signUp("writer"), await api.signUp("reader")];
  const post = await api.createPost(writer, "A thought worth answering");
  await api.createPost(writer, "Replying to myself does not notify me", { replyTo: post.id });
  await request.post(`${world.server.url}/api/posts/${post.id}/like`, { headers: reader.auth });
  await request.post(`${world.server.url}/api/posts/${post.id}/repost`, { headers: reader.auth });
  await api.createPost(reader, "Indeed", { replyTo: post.id });
  await api.createPost(reader, "Look at this", { quoteOf: post.id });
  await api.follow(reader, "writer");

  const list = await graph.call(writer, "GET", "/api/notifications");
  expect(list.body.unread).toBe(5);
  expect(list.body.notifications.map((n: { kind: string }) => n.kind)).toEqual([
    "follow",
    "quote",
    "reply",
    "repost",
    "like",
  ]);
  expect(list.body.notifications.every((n: { actor: string }) => n.actor === "reader")).toBe(true);
  const firstPage = await graph.call(writer, "GET", "/api/notifications?limit=2");
  expect(firstPage.body.notifications).toHaveLength(2);
  const second = await graph.call(writer, "GET", `/api/notifications?limit=2&before=${firstPage.body.next}`);
  expect(second.body.notifications.map((n: { kind: string }) => n.kind)).toEqual(["reply", "repost"]);

  const partly = await graph.call(writer, "POST", "/api/notifications/read", {
    upTo: second.body.notifications[1].id,
  });
  // The repost and the older like are read; the reply, quote and follow are not.
  expect(partly.body).toEqual({ unread: 3 });
  const all = await graph.call(writer, "POST", "/api/notifications/read", {});
  expect(all.body).toEqual({ unread: 0 });
});

test("handle lists are bounded and only handles are accepted", async ({ request }) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const person = await api.signUp("lister");
  const tooMany = Array.from({ length: 7501 }, (_, i) => `h${i}`);
  const refused = await graph.call(person, "POST", "/api/instagram/lists", { following: tooMany });
  expect(refused.status).toBe(422);
  expect(refused.body.error.message).toContain("at most 7500 handles");
  const bad = await graph.call(person, "POST", "/api/instagram/lists", { following: ["<script>"] });
  expect(bad.status).toBe(422);
  // Re-uploading replaces the list.
  await graph.call(person, "POST", "/api/instagram/lists", { following: ["one", "two"] });
  const replaced = await graph.call(person, "POST", "/api/instagram/lists", { following: ["three"] });
  expect(replaced.body).toMatchObject({ following: 1, followers: 0 });
  const anonymous = await request.get(`${world.server.url}/api/instagram/matches`);
  expect(anonymous.status()).toBe(401);
});
