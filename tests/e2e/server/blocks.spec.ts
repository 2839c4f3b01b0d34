import { newId } from "../../../shared/ids.ts";
import type { Account } from "../../../shared/schema/social.ts";
import type { SyncChange } from "../../../shared/sync.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, handles, notifications, postIds, RELAXED_LIMITS, type Person } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("a block hides each from the other on every route, ends the follows and refuses what the blocked would do", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const ada = await api.signUp("blockada");
  const bea = await api.signUp("blockbea");
  const cal = await api.signUp("blockcal");
  expect((await api.follow(bea, "blockada")).status()).toBe(200);
  expect((await api.follow(ada, "blockbea")).status()).toBe(200);
  expect((await api.follow(ada, "blockcal")).status()).toBe(200);
  const adaPost = await api.createPost(ada, "zebrafish notes from ada");
  const beaPost = await api.createPost(bea, "zebrafish notes from bea");
  const calPost = await api.createPost(cal, "a question for everyone");
  const adaReply = await api.createPost(ada, "zebrafish answer from ada", { replyTo: calPost.id });
  expect((await api.call("POST", bea, `/api/posts/${adaPost.id}/like`)).status()).toBe(200);
  const first = await api.sync(ada, {});
  expect((await notifications(api, ada)).notifications.map((n) => n.actor)).toContain("blockbea");

  const blocked = await api.call("POST", ada, "/api/accounts/blockbea/block");
  expect(blocked.status(), await blocked.text()).toBe(200);
  expect(await blocked.json()).toMatchObject({
    account: { handle: "blockbea" },
    follow: "none",
    relations: { blocking: true, muting: false },
  });
  // Again: nothing more happens.
  expect((await api.call("POST", ada, "/api/accounts/blockbea/block")).status()).toBe(200);

  // Follows both ways are gone, and counted so.
  const profileOf = async (person: Person | null, handle: string) =>
    api.call("GET", person, `/api/accounts/${handle}`);
  const adaSeenByCal = (await (await profileOf(cal, "blockada")).json()) as { account: Account };
  expect(adaSeenByCal.account).toMatchObject({ followerCount: 0, followingCount: 1 });

  // What the blocked account's token gets: nothing of the blocker anywhere.
  expect((await profileOf(bea, "blockada")).status()).toBe(404);
  for (const path of ["posts", "followers", "following"])
    expect((await api.call("GET", bea, `/api/accounts/blockada/${path}`)).status()).toBe(404);
  expect((await api.call("GET", bea, `/api/posts/${adaPost.id}`)).status()).toBe(404);
  expect(await postIds(api, bea, `/api/posts/${calPost.id}`)).not.toContain(adaReply.id);
  expect(await postIds(api, bea, "/api/timeline/everyone")).not.toContain(adaPost.id);
  expect(await postIds(api, bea, "/api/timeline/following")).not.toContain(adaPost.id);
  expect(await postIds(api, bea, "/api/search/posts?q=zebrafish")).toEqual([beaPost.id]);
  expect(await handles(api, bea, "/api/search/accounts?q=blockada")).toEqual([]);
  expect(await handles(api, bea, "/api/accounts/blockcal/followers")).toEqual([]);
  expect((await api.call("GET", bea, "/api/lookup?q=blockada")).status()).toBe(404);
  // What it may still do to them (mute, unfollow) answers where things stand, not their profile.
  const muting = await api.call("POST", bea, "/api/accounts/blockada/mute");
  expect(muting.status()).toBe(200);
  expect(await muting.json()).toEqual({ relations: { blocking: false, muting: true } });
  expect(await (await api.call("DELETE", bea, "/api/accounts/blockada/follow")).json()).not.toHaveProperty(
    "account",
  );
  // ... and nothing it can do to them.
  const follow = await api.follow(bea, "blockada");
  expect(follow.status()).toBe(403);
  expect(await follow.json()).toMatchObject({ error: { code: "blocked" } });
  for (const action of ["like", "repost"])
    expect((await api.call("POST", bea, `/api/posts/${adaPost.id}/${action}`)).status()).toBe(404);
  for (const link of ["replyTo", "quoteOf"]) {
    const answer = await api.post(bea, "hey", { [link]: adaPost.id });
    expect(answer.status()).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { field: link } });
  }
  const refused = await api.sync(bea, {
    ops: [{ opId: newId(), type: "follow", handle: "blockada" }],
    cursor: null,
  });
  expect(refused.results[0]).toMatchObject({ ok: false, error: { code: "blocked" } });
  // A first sync holds nothing of theirs, a later one not their new posts.
  const beaChanges = JSON.stringify(refused.changes);
  expect(beaChanges).not.toContain(adaPost.id);
  const later = await api.createPost(ada, "after the block");
  expect(JSON.stringify((await api.sync(bea, { cursor: refused.cursor })).changes)).not.toContain(later.id);

  // What the blocker's token gets: the profile (to unblock), none of their posts or notifications.
  expect(await (await profileOf(ada, "blockbea")).json()).toMatchObject({
    relations: { blocking: true },
  });
  expect(await postIds(api, ada, "/api/accounts/blockbea/posts")).toEqual([]);
  expect((await api.call("GET", ada, `/api/posts/${beaPost.id}`)).status()).toBe(404);
  expect(await postIds(api, ada, "/api/timeline/everyone")).not.toContain(beaPost.id);
  expect(await postIds(api, ada, "/api/search/posts?q=zebrafish")).not.toContain(beaPost.id);
  expect(await handles(api, ada, "/api/search/accounts?q=blockbea")).toEqual([]);
  const adaNotes = await notifications(api, ada);
  expect(adaNotes.notifications.map((n) => n.actor)).not.toContain("blockbea");
  expect(adaNotes.unread).toBe(adaNotes.notifications.length);
  expect(await handles(api, ada, "/api/me/blocks")).toEqual(["blockbea"]);
  // The blocker's other devices hear of it.
  const adaChanges = (await api.sync(ada, { cursor: first.cursor })).changes;
  const blockChange: SyncChange = { kind: "relation", relation: "block", handle: "blockbea", active: true };
  expect(adaChanges).toContainEqual(blockChange);
  // So does a device signing in anew.
  expect((await api.sync(ada, {})).changes).toContainEqual(blockChange);
  // Someone else still sees both.
  expect(await postIds(api, cal, "/api/search/posts?q=zebrafish")).toHaveLength(3);

  // Unblocked: they see each other again; the follows are not brought back.
  expect((await api.call("DELETE", ada, "/api/accounts/blockbea/block")).status()).toBe(200);
  expect((await profileOf(bea, "blockada")).status()).toBe(200);
  expect(await postIds(api, bea, `/api/accounts/blockada/posts`)).toContain(adaPost.id);
  expect(await api.call("GET", bea, "/api/accounts/blockada").then((r) => r.json())).toMatchObject({
    follow: "none",
  });
  expect(await handles(api, ada, "/api/me/blocks")).toEqual([]);
});

test("blocking or muting oneself, or no one, is refused; the lists need a token", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const ada = await api.signUp("selfblock");
  const self = await api.call("POST", ada, "/api/accounts/selfblock/block");
  expect(self.status()).toBe(422);
  expect(await self.json()).toMatchObject({ error: { code: "cannot_block_self" } });
  expect(await (await api.call("POST", ada, "/api/accounts/selfblock/mute")).json()).toMatchObject({
    error: { code: "cannot_mute_self" },
  });
  expect((await api.call("POST", ada, "/api/accounts/nobodyhere/block")).status()).toBe(404);
  expect((await api.call("POST", null, "/api/accounts/selfblock/block")).status()).toBe(401);
  expect((await api.call("GET", null, "/api/me/blocks")).status()).toBe(401);
  expect((await api.call("GET", null, "/api/me/mutes")).status()).toBe(401);
});

test("a mute takes someone's posts out of one's timelines and notifications, and they are not told", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const ada = await api.signUp("muteada");
  const dan = await api.signUp("mutedan");
  expect((await api.follow(ada, "mutedan")).status()).toBe(200);
  const before = await api.createPost(dan, "walrus before the mute");
  const first = await api.sync(ada, {});

  const muted = await api.call("POST", ada, "/api/accounts/mutedan/mute");
  expect(await muted.json()).toMatchObject({ follow: "following", relations: { muting: true } });
  const during = await api.createPost(dan, "walrus during the mute");
  const reply = await api.createPost(dan, "a reply", { replyTo: before.id });
  expect((await api.follow(dan, "muteada")).status()).toBe(200);
  const adaPost = await api.createPost(ada, "my own walrus");
  expect((await api.call("POST", dan, `/api/posts/${adaPost.id}/like`)).status()).toBe(200);

  expect(await postIds(api, ada, "/api/timeline/following")).toEqual([adaPost.id]);
  expect(await postIds(api, ada, "/api/timeline/everyone")).toEqual(
    expect.not.arrayContaining([before.id, during.id]),
  );
  expect(await postIds(api, ada, "/api/search/posts?q=walrus")).toEqual([adaPost.id]);
  expect(await postIds(api, ada, `/api/posts/${before.id}`)).not.toContain(reply.id);
  const notes = await notifications(api, ada);
  expect(notes.notifications).toEqual([]);
  expect(notes.unread).toBe(0);
  const changes = (await api.sync(ada, { cursor: first.cursor })).changes;
  expect(JSON.stringify(changes)).not.toContain(during.id);
  const muteChange: SyncChange = { kind: "relation", relation: "mute", handle: "mutedan", active: true };
  expect(changes).toContainEqual(muteChange);
  // Their profile is still there to visit, posts and all; they see nothing different.
  expect(await postIds(api, ada, "/api/accounts/mutedan/posts")).toContain(during.id);
  expect(await (await api.call("GET", dan, "/api/accounts/muteada")).json()).not.toHaveProperty(
    "relations.muting",
    true,
  );
  expect(await handles(api, ada, "/api/me/mutes")).toEqual(["mutedan"]);

  expect((await api.call("DELETE", ada, "/api/accounts/mutedan/mute")).status()).toBe(200);
  expect(await postIds(api, ada, "/api/timeline/following")).toContain(during.id);
  expect((await notifications(api, ada)).notifications.map((n) => n.kind).sort()).toEqual(["follow", "like"]);
});
