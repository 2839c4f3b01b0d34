import sharp from "sharp";
import { newId } from "../../../shared/ids.ts";
import type { SyncOp } from "../../../shared/sync.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, type Person } from "./client.ts";

const QUOTA = 300_000;
const server = useServer({
  env: { ...RELAXED_LIMITS, P92_LIMIT_ACTIONS_PER_ACCOUNT: "6/600", P92_MEDIA_QUOTA_BYTES: String(QUOTA) },
});

/** A photo that does not compress: about 120 KB however it is re-encoded. */
const noisy = () =>
  sharp({
    create: {
      width: 200,
      height: 200,
      channels: 3,
      background: "#888",
      noise: { type: "gaussian", mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();

test("likes, reposts, follows and their undoing spend tokens too: 429 with Retry-After, and rate_limited in sync", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const [fan, star] = [await api.signUp("fan"), await api.signUp("star")];
  const post = await api.createPost(star, "like me");
  const at = (path: string) => `${server.current.url}${path}`;
  const actions = [
    () => request.post(at(`/api/posts/${post.id}/like`), { headers: fan.auth }),
    () => request.delete(at(`/api/posts/${post.id}/like`), { headers: fan.auth }),
    () => request.post(at(`/api/posts/${post.id}/repost`), { headers: fan.auth }),
    () => request.delete(at(`/api/posts/${post.id}/repost`), { headers: fan.auth }),
    () => request.post(at("/api/accounts/star/follow"), { headers: fan.auth }),
  ];
  for (const act of actions) expect((await act()).status()).toBe(200);
  const op: SyncOp = { opId: newId(), type: "unfollow", handle: "star" };
  const first = await api.sync(fan, { ops: [op], cursor: null });
  expect(first.results[0]).toEqual({ opId: op.opId, ok: true });
  // The allowance is spent: a new op waits, a retried one (already applied) costs nothing.
  const next: SyncOp = { opId: newId(), type: "follow", handle: "star" };
  const limited = await api.sync(fan, { ops: [op, next], cursor: first.cursor });
  expect(limited.results).toEqual([
    { opId: op.opId, ok: true },
    {
      opId: next.opId,
      ok: false,
      error: { code: "rate_limited", message: expect.stringMatching(/try again in \d+ s/) },
    },
  ]);
  for (const refused of [
    await request.post(at(`/api/posts/${post.id}/like`), { headers: fan.auth }),
    await request.patch(at("/api/me"), { headers: fan.auth, data: { bio: "hello" } }),
    await request.post(at("/api/instagram/lists"), { headers: fan.auth, data: { following: ["a"] } }),
  ]) {
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  }
  // Another account has its own allowance.
  expect((await request.post(at(`/api/posts/${post.id}/like`), { headers: star.auth })).status()).toBe(200);
});

async function upload(api: Api, person: Person, bytes: Buffer) {
  return api.request.post(`${api.url}/api/media`, {
    headers: { ...person.auth, "content-type": "image/png" },
    data: bytes,
  });
}

test("media have a per-account quota: past it an upload is a 413 over_quota, and deleting frees room", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const person = await api.signUp("hoarder");
  const first = await upload(api, person, await noisy());
  expect(first.status()).toBe(201);
  const { media } = await first.json();
  expect((await upload(api, person, await noisy())).status()).toBe(201);
  const refused = await upload(api, person, await noisy());
  expect(refused.status()).toBe(413);
  expect((await refused.json()).error.code).toBe("over_quota");
  // Someone else's quota is their own.
  expect((await upload(api, await api.signUp("other.person"), await noisy())).status()).toBe(201);
  // Used by a post, then the post deleted: the photo is gone and its room is free again.
  const post = await api.createPost(person, "soon gone", { media: [{ id: media.id }] });
  expect(
    (await request.delete(`${server.current.url}/api/posts/${post.id}`, { headers: person.auth })).status(),
  ).toBe(204);
  expect((await upload(api, person, await noisy())).status()).toBe(201);
});
