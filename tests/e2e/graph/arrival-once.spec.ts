import { expect, test } from "@playwright/test";
import { newId } from "../../../shared/ids.ts";
import { Api, type Person } from "../server/client.ts";
import { GraphApi } from "./graph-client.ts";
import { useGraphServer } from "./support.ts";

const world = useGraphServer();

test("a handle arrives once: proving it again from other accounts pushes nobody's follows into them", async ({
  request,
}) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const fans = [await api.signUp("fan.one"), await api.signUp("fan.two")];
  for (const fan of fans) await graph.call(fan, "POST", "/api/instagram/lists", { following: ["celebrity"] });
  const [real, squatter, third] = [
    await api.signUp("celebrity"),
    await api.signUp("squatter"),
    await api.signUp("third.one"),
  ];
  // One bio holding several accounts' codes proves the handle for each of them in turn.
  const codes = new Map<Person, string>();
  for (const person of [real, squatter, third]) codes.set(person, await graph.askCode(person, "celebrity"));
  world.instagram.profiles.set("celebrity", { biography: [...codes.values()].join(" "), verified: true });

  const arrival = await graph.check(real);
  expect(arrival.body.autoFollowed).toBe(2);
  for (const person of [squatter, third]) {
    const again = await graph.check(person);
    expect(again.status).toBe(200);
    expect(again.body.autoFollowed).toBe(0);
    expect((await graph.me(person)).followerCount).toBe(0);
  }
  for (const fan of fans) {
    expect((await graph.me(fan)).followingCount).toBe(1);
    const notes = await graph.call(fan, "GET", "/api/notifications");
    expect(
      notes.body.notifications.filter((n: { kind: string }) => n.kind === "instagram_joined"),
    ).toHaveLength(1);
  }
});

test("following and unfollowing 500 times notifies once; so does liking and unliking", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const [pest, target] = [await api.signUp("pest"), await api.signUp("target")];
  const post = await api.createPost(target, "like me, once");
  for (let i = 0; i < 1000; i += 100) {
    const batch = Array.from({ length: 100 }, (_, j) => ({
      opId: newId(),
      type: (i + j) % 2 === 0 ? ("follow" as const) : ("unfollow" as const),
      handle: "target",
    }));
    const synced = await api.sync(pest, { ops: batch, cursor: null });
    expect(synced.results.every((r) => r.ok)).toBe(true);
  }
  for (let i = 0; i < 20; i++) {
    await request.post(`${world.server.url}/api/posts/${post.id}/like`, { headers: pest.auth });
    await request.delete(`${world.server.url}/api/posts/${post.id}/like`, { headers: pest.auth });
  }
  const notes = await graph.call(target, "GET", "/api/notifications");
  expect(notes.body.notifications.map((n: { kind: string; actor: string }) => [n.kind, n.actor])).toEqual([
    ["like", "pest"],
    ["follow", "pest"],
  ]);
  expect(notes.body.unread).toBe(2);
});
