import { expect, test, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";
import { startRemoteServer, type RemoteServer } from "../../fake-fediverse/remote-server.ts";
import type { Post } from "../../../shared/schema/social.ts";
import { Api, RELAXED_LIMITS, type Person } from "../server/client.ts";
import { png } from "../server/media-fixtures.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { makeTestCertificates, trustInThisProcess } from "../support/tls.ts";
import { settled } from "./support.ts";

// Two P92 servers on two loopback ports over HTTPS, each with its own data directory: everything
// one person does on A reaches the other on B through ActivityPub alone (WebFinger, signed
// deliveries, the durable queue), and back.
test.use({ ignoreHTTPSErrors: true });
test.describe.configure({ mode: "serial" });

const certificates = makeTestCertificates();
let a: RunningServer;
let b: RunningServer;
/** Someone on a third server who follows Ben: what reaches them shows what Ben's server sent. */
let witness: RemoteServer;
const WAIT = { timeout: 20_000 };

test.beforeAll(async () => {
  trustInThisProcess(certificates);
  const env = { ...RELAXED_LIMITS, ...certificates.serverEnv };
  [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  witness = await startRemoteServer(["cy"], undefined, { tls: certificates });
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), witness?.close()]);
  fs.rmSync(certificates.dir, { recursive: true, force: true });
});

/** How a server names someone on the other one. */
const elsewhere = (server: RunningServer, handle: string) => `${handle}@localhost:${server.port}`;

async function json<T>(request: APIRequestContext, url: string, person?: Person): Promise<T> {
  const response = await request.get(url, { headers: person?.auth ?? {} });
  if (!response.ok()) throw new Error(`GET ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

const timeline = async (request: APIRequestContext, server: RunningServer, person: Person) =>
  (await json<{ posts: Post[] }>(request, `${server.url}/api/timeline/following`, person)).posts;

const notifications = async (request: APIRequestContext, server: RunningServer, person: Person) =>
  (
    await json<{ notifications: { kind: string; actor: string; postId: string | null }[] }>(
      request,
      `${server.url}/api/notifications`,
      person,
    )
  ).notifications;

/** Every change sync gives a fresh client, page after page. */
async function syncedPosts(api: Api, person: Person): Promise<Post[]> {
  const posts: Post[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await api.sync(person, { cursor });
    for (const change of page.changes) if (change.kind === "post") posts.push(change.post);
    cursor = page.cursor;
    if (!page.more) return posts;
  }
}

test("two P92 servers over HTTPS: follow by @user@host, a post with a link, photo and mention, reply, like, repost, bio, delete, unfollow, quote", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const onA = new Api(request, a.url);
  const onB = new Api(request, b.url);
  const ana = await onA.signUp("ana");
  const ben = await onB.signUp("ben");
  const benThere = elsewhere(b, "ben");
  const anaThere = elsewhere(a, "ana");

  // Ana finds Ben through WebFinger and follows him: a request until his server accepts.
  const found = await request.get(`${a.url}/api/lookup?q=${encodeURIComponent(`@${benThere}`)}`, {
    headers: ana.auth,
  });
  expect(found.status()).toBe(200);
  expect(await found.json()).toMatchObject({ account: { handle: benThere, remote: true } });
  const followed = await onA.follow(ana, benThere);
  expect(followed.status()).toBe(200);
  expect(await followed.json()).toMatchObject({ follow: "requested" });
  await expect
    .poll(
      async () =>
        (await json<{ account: { followerCount: number } }>(request, `${b.url}/api/accounts/ben`)).account
          .followerCount,
      WAIT,
    )
    .toBe(1);
  const anaOnA = () => json<{ account: { followingCount: number } }>(request, `${a.url}/api/accounts/ana`);
  await expect.poll(async () => (await anaOnA()).account.followingCount, WAIT).toBe(1);
  expect((await notifications(request, b, ben)).map((n) => [n.kind, n.actor])).toEqual([
    ["follow", anaThere],
  ]);

  // Ben posts a link, a photo with alt text and a mention of Ana.
  const upload = await request.post(`${b.url}/api/media`, {
    headers: { ...ben.auth, "content-type": "image/png" },
    data: await png(40, 30),
  });
  expect(upload.status()).toBe(201);
  const { media } = (await upload.json()) as { media: { id: string; url: string } };
  const text = `Hello @${anaThere}, read https://example.com/post?a=1 #P92`;
  const original = await onB.createPost(ben, text, { media: [{ id: media.id, alt: "a blue square" }] });

  // Ana sees it in her following timeline and through sync, with the photo Ben attached;
  // there she is named as someone of that server.
  const textOnA = "Hello @ana, read https://example.com/post?a=1 #P92";
  await expect
    .poll(async () => (await timeline(request, a, ana)).map((p) => p.text), WAIT)
    .toContain(textOnA);
  const there = (await timeline(request, a, ana)).find((p) => p.text === textOnA)!;
  expect(there).toMatchObject({
    author: benThere,
    remote: true,
    links: ["https://example.com/post?a=1"],
    media: [{ kind: "image", alt: "a blue square", remote: true, width: 40, height: 30 }],
  });
  // The photo comes from A's copy of it: Ana's browser never asks B.
  expect(there.media[0]!.url).toMatch(new RegExp(`^${a.url}/api/remote-media/posts/${there.id}/`));
  const copy = await request.get(there.media[0]!.url);
  expect([copy.status(), copy.headers()["content-type"]]).toEqual([200, "image/png"]);
  expect((await copy.body()).equals(await (await request.get(media.url)).body())).toBe(true);
  expect((await syncedPosts(onA, ana)).some((p) => p.id === there.id && p.text === textOnA)).toBe(true);
  await expect
    .poll(async () => (await notifications(request, a, ana)).map((n) => [n.kind, n.actor, n.postId]), WAIT)
    .toContainEqual(["mention", benThere, there.id]);

  // Ana answers, likes and reposts: Ben sees the reply in the thread, the counts, three notifications.
  const reply = await onA.createPost(ana, "Thanks Ben!", { replyTo: there.id });
  expect((await request.post(`${a.url}/api/posts/${there.id}/like`, { headers: ana.auth })).status()).toBe(
    200,
  );
  expect((await request.post(`${a.url}/api/posts/${there.id}/repost`, { headers: ana.auth })).status()).toBe(
    200,
  );
  const thread = () => json<{ post: Post; replies: Post[] }>(request, `${b.url}/api/posts/${original.id}`);
  await expect
    .poll(async () => {
      const { post, replies } = await thread();
      return { ...pick(post), replies: replies.map((r) => [r.author, r.text]) };
    }, WAIT)
    .toEqual({ replyCount: 1, likeCount: 1, repostCount: 1, replies: [[anaThere, reply.text]] });
  await expect
    .poll(
      async () =>
        (await notifications(request, b, ben))
          .filter((n) => n.kind !== "follow")
          .map((n) => `${n.kind} ${n.actor}`)
          .sort(),
      WAIT,
    )
    .toEqual([`like ${anaThere}`, `reply ${anaThere}`, `repost ${anaThere}`]);

  // Ana quotes Ben's post: the quote goes to Ben's server, which shows it as a quote of his post.
  const quote = await onA.createPost(ana, "Worth reading", { quoteOf: there.id });
  await expect
    .poll(async () => (await notifications(request, b, ben)).some((n) => n.kind === "quote"), WAIT)
    .toBe(true);
  const quoteOnB = (await notifications(request, b, ben)).find((n) => n.kind === "quote")!;
  expect(quoteOnB.actor).toBe(anaThere);
  const quoted = await json<{ post: Post }>(request, `${b.url}/api/posts/${quoteOnB.postId}`);
  expect(quoted.post).toMatchObject({
    text: quote.text,
    author: anaThere,
    quoteOf: original.id,
    remote: true,
  });

  // Ben's new bio reaches Ana's server.
  const patched = await request.patch(`${b.url}/api/me`, { headers: ben.auth, data: { bio: "Now on P92" } });
  expect(patched.status()).toBe(200);
  await expect
    .poll(
      async () =>
        (
          await json<{ account: { bio: string } }>(
            request,
            `${a.url}/api/accounts/${encodeURIComponent(benThere)}`,
          )
        ).account.bio,
      WAIT,
    )
    .toBe("Now on P92");

  // Ben deletes the post: it is gone on Ana's server too.
  expect((await request.delete(`${b.url}/api/posts/${original.id}`, { headers: ben.auth })).status()).toBe(
    204,
  );
  await expect
    .poll(async () => (await request.get(`${a.url}/api/posts/${there.id}`)).status(), WAIT)
    .toBe(404);
  expect((await timeline(request, a, ana)).map((p) => p.id)).not.toContain(there.id);

  // Ana unfollows; Ben's next post does not reach her server, though it reaches Cy's, elsewhere.
  const benOnB = async () =>
    (await json<{ account: { followerCount: number } }>(request, `${b.url}/api/accounts/ben`)).account;
  const cyFollows = {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${witness.actorUri("cy")}#follows/1`,
    type: "Follow",
    actor: witness.actorUri("cy"),
    object: `${b.url}/api/accounts/ben`,
  };
  expect((await fetch(await witness.signed(`${b.url}/api/inbox`, cyFollows))).status).toBe(202);
  await expect.poll(async () => (await benOnB()).followerCount, WAIT).toBe(2);
  const unfollowed = await request.delete(`${a.url}/api/accounts/${encodeURIComponent(benThere)}/follow`, {
    headers: ana.auth,
  });
  expect(await unfollowed.json()).toMatchObject({ follow: "none" });
  await expect.poll(async () => (await benOnB()).followerCount, WAIT).toBe(1);
  const after = await onB.createPost(ben, "Only for those who still follow");
  const reachedCy = () =>
    witness.received.some(
      (r) =>
        r.verified && r.activity.type === "Create" && (r.activity.object as { id?: string }).id === after.url,
    );
  await expect.poll(reachedCy, WAIT).toBe(true);
  // Whatever that post's delivery sent has been sent, and whatever Ana's server received, handled.
  await settled(request, b);
  await settled(request, a);
  const benPostsOnA = await json<{ posts: Post[] }>(
    request,
    `${a.url}/api/accounts/${encodeURIComponent(benThere)}/posts`,
  );
  expect(benPostsOnA.posts.map((p) => p.text)).not.toContain(after.text);
  expect((await timeline(request, a, ana)).map((p) => p.text)).not.toContain(after.text);
});

const pick = (post: Post) => ({
  replyCount: post.replyCount,
  likeCount: post.likeCount,
  repostCount: post.repostCount,
});
