import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { newId } from "../../../shared/ids.ts";
import { startRemoteServer, type RemoteServer } from "../../fake-fediverse/remote-server.ts";
import { Api, RELAXED_LIMITS } from "../server/client.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../support/tls.ts";

// The built server over HTTPS with another implementation: a server written without Fedify (over
// HTTPS too) that signs with Misskey's HTTP-signature library (draft-cavage, as older Mastodon does).
test.use({ ignoreHTTPSErrors: true });

let server: RunningServer;
let remote: RemoteServer;
const certificates = makeTestCertificates();

test.beforeAll(async () => {
  trustInThisProcess(certificates);
  server = await startServer({
    env: { ...RELAXED_LIMITS, ...certificates.serverEnv, P92_BLOCKED_DOMAINS: "blocked.example" },
  });
  remote = await startRemoteServer(["dana", "eli", "fred"], undefined, { tls: certificates });
});
test.afterAll(async () => {
  await server.stop();
  await remote.close();
  fs.rmSync(certificates.dir, { recursive: true, force: true });
});

const follow = (target: string) => ({
  "@context": "https://www.w3.org/ns/activitystreams",
  id: `${remote.actorUri("dana")}#follows/${newId()}`,
  type: "Follow",
  actor: remote.actorUri("dana"),
  object: `${server.url}/api/accounts/${target}`,
});

test("a Follow from another implementation gets 202, a signed Accept back, and shows in the API", async ({
  request,
}) => {
  const api = new Api(request, server.url);
  const erin = await api.signUp("erin");
  const activity = follow("erin");
  const response = await fetch(await remote.signed(`${server.url}/api/accounts/erin/inbox`, activity));
  expect(response.status).toBe(202);

  const isAccept = (r: (typeof remote.received)[number]) => r.verified && r.activity.type === "Accept";
  await expect.poll(() => remote.received.some(isAccept), { timeout: 15_000 }).toBe(true);
  const accept = remote.received.find(isAccept);
  expect(accept?.activity).toMatchObject({
    actor: `${server.url}/api/accounts/erin`,
    object: { id: activity.id },
  });

  const account = await (await request.get(`${server.url}/api/accounts/erin`)).json();
  expect(account).toMatchObject({ account: { followerCount: 1 } });
  const notifications = await (
    await request.get(`${server.url}/api/notifications`, { headers: erin.auth })
  ).json();
  expect(notifications).toMatchObject({ notifications: [{ kind: "follow", actor: remote.handle("dana") }] });
});

test("an unsigned, re-dated or altered activity gets 401 and changes nothing", async ({ request }) => {
  const api = new Api(request, server.url);
  await api.signUp("fay");
  const inbox = `${server.url}/api/accounts/fay/inbox`;
  for (const options of [{ unsigned: true }, { tamper: "date" as const }, { tamper: "body" as const }]) {
    expect((await fetch(await remote.signed(inbox, follow("fay"), options))).status).toBe(401);
  }
  const account = await (await request.get(`${server.url}/api/accounts/fay`)).json();
  expect(account).toMatchObject({ account: { followerCount: 0 } });
});

test("a 10 MB body gets 413, deeply nested JSON 400 and a blocked server 403, before any parsing", async () => {
  const inbox = `${server.url}/api/inbox`;
  const headers = { "content-type": "application/activity+json", signature: 'keyId="https://x.example/k"' };
  const big = await fetch(inbox, { method: "POST", headers, body: "x".repeat(10 * 1024 * 1024) });
  expect(big.status).toBe(413);
  const deep = await fetch(inbox, {
    method: "POST",
    headers,
    body: "[".repeat(100_000) + "]".repeat(100_000),
  });
  expect(deep.status).toBe(400);
  const blocked = await fetch(inbox, {
    method: "POST",
    headers: { ...headers, signature: 'keyId="https://a.blocked.example/users/x#main-key"' },
    body: "{}",
  });
  expect(blocked.status).toBe(403);
  expect(await blocked.json()).toMatchObject({ error: { code: "blocked" } });
});

test("a note from another server reaches the API as inert text, and a followers-only one only its readers", async ({
  request,
}) => {
  const api = new Api(request, server.url);
  const gus = await api.signUp("gus");
  const gusActor = `${server.url}/api/accounts/gus`;
  const note = (n: number, fields: Record<string, unknown>) => ({
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${remote.actorUri("dana")}/statuses/${n}/activity`,
    type: "Create",
    actor: remote.actorUri("dana"),
    object: {
      id: `${remote.actorUri("dana")}/statuses/${n}`,
      type: "Note",
      attributedTo: remote.actorUri("dana"),
      url: `${remote.origin}/@dana/${n}`,
      tag: [{ type: "Mention", href: gusActor, name: "@gus" }],
      ...fields,
    },
  });
  const hostile =
    `<p><a href="${server.url}/@gus" class="u-url mention">@gus</a> <script>alert(1)</script>` +
    `<img src=x onerror=alert(2)><a href="javascript:alert(3)">click</a> &lt;b&gt;</p>`;
  const send = (activity: Record<string, unknown>) =>
    remote.signed(`${server.url}/api/inbox`, activity).then((signed) => fetch(signed));
  expect(
    (await send(note(1, { content: hostile, to: ["https://www.w3.org/ns/activitystreams#Public"] }))).status,
  ).toBe(202);
  const followers = `${remote.actorUri("dana")}/followers`;
  expect((await send(note(2, { content: "<p>@gus secret</p>", to: [followers, gusActor] }))).status).toBe(
    202,
  );

  const mentions = async () =>
    (await (await request.get(`${server.url}/api/notifications`, { headers: gus.auth })).json()) as {
      notifications: { kind: string; postId: string }[];
    };
  // Both notes handled (each counted on Dana's account), then the notifications read.
  const danaUrl = `${server.url}/api/accounts/${encodeURIComponent(remote.handle("dana"))}`;
  const postCount = async () => (await (await request.get(danaUrl)).json()).account?.postCount;
  await expect.poll(postCount, { timeout: 15_000 }).toBe(2);
  expect((await mentions()).notifications).toHaveLength(1);
  const [mention] = (await mentions()).notifications;
  expect(mention?.kind).toBe("mention");
  const { post } = await (await request.get(`${server.url}/api/posts/${mention!.postId}`)).json();
  expect(post).toMatchObject({
    author: remote.handle("dana"),
    remote: true,
    remoteUrl: `${remote.origin}/@dana/1`,
    text: "@gus click <b>",
    links: [],
  });
  // The followers-only note was stored (its mention made it wanted) but nobody here follows Dana.
  const everyone = await (await request.get(`${server.url}/api/timeline/everyone`)).json();
  expect(everyone.posts.map((p: { id: string }) => p.id)).toEqual([mention!.postId]);
  const danaPosts = await (
    await request.get(`${danaUrl}/posts`, {
      headers: gus.auth,
    })
  ).json();
  expect(danaPosts.posts.map((p: { id: string }) => p.id)).toEqual([mention!.postId]);
});

test("following someone elsewhere through the API is a request until their server's Accept, delivered signed", async ({
  request,
}) => {
  const api = new Api(request, server.url);
  const hal = await api.signUp("hal");
  // Dana becomes known here by following Hal.
  await fetch(await remote.signed(`${server.url}/api/inbox`, follow("hal")));
  const halAccount = `${server.url}/api/accounts/hal`;
  await expect
    .poll(async () => (await (await request.get(halAccount)).json()).account?.followerCount, {
      timeout: 15_000,
    })
    .toBe(1);

  const asked = await api.follow(hal, remote.handle("dana"));
  expect(asked.status()).toBe(200);
  expect(await asked.json()).toMatchObject({
    follow: "requested",
    account: { handle: remote.handle("dana") },
  });
  const isFollow = (r: (typeof remote.received)[number]) =>
    r.verified && r.activity.type === "Follow" && r.activity.actor === halAccount;
  await expect.poll(() => remote.received.some(isFollow), { timeout: 15_000 }).toBe(true);
  const sent = remote.received.find(isFollow)!.activity;
  expect(sent).toMatchObject({ object: remote.actorUri("dana") });

  const accept = remote.acceptOf(sent);
  expect((await fetch(await remote.signed(`${server.url}/api/inbox`, accept))).status).toBe(202);
  await expect
    .poll(async () => (await (await request.get(halAccount)).json()).account?.followingCount, {
      timeout: 15_000,
    })
    .toBe(1);
  const again = await api.follow(hal, remote.handle("dana"));
  expect(await again.json()).toMatchObject({ follow: "following" });
});

test("someone elsewhere is found by @user@host or a URL, and followed by user@host in one call", async ({
  request,
}) => {
  const api = new Api(request, server.url);
  const ivy = await api.signUp("ivy");
  const lookup = (q: string, auth: Record<string, string> = ivy.auth) =>
    request.get(`${server.url}/api/lookup?q=${encodeURIComponent(q)}`, { headers: auth });

  expect((await lookup(`@${remote.handle("eli")}`, {})).status()).toBe(401);
  expect((await request.get(`${server.url}/api/lookup`, { headers: ivy.auth })).status()).toBe(400);
  const invalid = await lookup("javascript:alert(1)");
  expect(invalid.status()).toBe(422);
  expect(await invalid.json()).toMatchObject({ error: { code: "invalid", field: "q" } });
  expect((await lookup(`@${remote.handle("nobody")}`)).status()).toBe(404);

  const eli = await lookup(`@${remote.handle("eli")}`);
  expect(eli.status()).toBe(200);
  expect(await eli.json()).toMatchObject({
    account: { handle: remote.handle("eli"), displayName: "Eli", bio: "I am eli", remote: true },
  });
  expect(await (await lookup(`${server.url}/@ivy`)).json()).toMatchObject({ account: { handle: "ivy" } });

  const noteId = `${remote.actorUri("eli")}/statuses/1`;
  remote.publish({
    id: noteId,
    type: "Note",
    attributedTo: remote.actorUri("eli"),
    to: "https://www.w3.org/ns/activitystreams#Public",
    url: `${remote.origin}/@eli/1`,
    content: "<p>found by <script>alert(1)</script>its address</p>",
  });
  const found = await lookup(noteId);
  expect(await found.json()).toMatchObject({
    post: { author: remote.handle("eli"), text: "found by its address", remote: true },
  });

  // Fred is not known here: following him by name looks him up, then asks his server.
  const followed = await api.follow(ivy, remote.handle("fred"));
  expect(followed.status()).toBe(200);
  expect(await followed.json()).toMatchObject({
    follow: "requested",
    account: { handle: remote.handle("fred") },
  });
  const isFollow = (r: (typeof remote.received)[number]) =>
    r.verified && r.activity.type === "Follow" && r.activity.object === remote.actorUri("fred");
  await expect.poll(() => remote.received.some(isFollow), { timeout: 15_000 }).toBe(true);
});
