import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({
  env: { ...RELAXED_LIMITS, P92_LIMIT_SIGN_UP_PER_IP: "3/3600", P92_LIMIT_POSTS_PER_ACCOUNT: "5/600" },
});

test("posting faster than the limit is refused with 429 and Retry-After, over HTTP and in sync", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const chatty = await api.signUp("chatty");
  for (let i = 0; i < 5; i++) await api.createPost(chatty, `post ${i}`);
  const refused = await api.post(chatty, "one too many");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  const { newId } = await import("../../../shared/ids.ts");
  const synced = await api.sync(chatty, {
    ops: [
      {
        opId: newId(),
        type: "createPost",
        post: { id: newId(), text: "queued", media: [], replyTo: null, quoteOf: null },
      },
    ],
    cursor: null,
  });
  expect(synced.results[0]).toMatchObject({ ok: false, error: { code: "rate_limited" } });
});

test("sign-ups from one address are limited", async ({ request }) => {
  const api = new Api(request, server.current.url);
  // "chatty" above took one of the three.
  await api.signUp("second");
  await api.signUp("third");
  const refused = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "fourth", password: "long enough pass" },
  });
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await refused.json()).error.code).toBe("rate_limited");
});
