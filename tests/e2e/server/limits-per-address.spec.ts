import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

// One address (this machine) acting for several accounts: the per-address limits must hold even
// when no single account reaches its own.
const server = useServer({
  env: { ...RELAXED_LIMITS, P92_LIMIT_SIGN_IN_PER_IP: "4/600", P92_LIMIT_POSTS_PER_IP: "6/600" },
});

test("sign-in attempts from one address against many accounts are limited, with Retry-After", async ({
  request,
}) => {
  const signIn = (handle: string) =>
    request.post(`${server.current.url}/api/auth/sign-in`, {
      data: { handle, password: "a wrong guess here" },
    });
  for (let i = 0; i < 4; i++) expect((await signIn(`victim${i}`)).status()).toBe(401);
  const refused = await signIn("victim9");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await refused.json()).error.code).toBe("rate_limited");
});

test("posts from one address are limited across accounts, with Retry-After", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const first = await api.signUp("first");
  const second = await api.signUp("second");
  for (let i = 0; i < 3; i++) {
    await api.createPost(first, `first ${i}`);
    await api.createPost(second, `second ${i}`);
  }
  const refused = await api.post(first, "a seventh post from this address");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
});
