import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

// Every request comes through a "proxy" on this machine, which says who its client is.
const server = useServer({ env: { ...RELAXED_LIMITS, P92_TRUSTED_PROXIES: "127.0.0.1, ::1" } });

const signIn = (request: import("@playwright/test").APIRequestContext, from: string, password: string) =>
  request.post(`${server.current.url}/api/auth/sign-in`, {
    headers: { "x-forwarded-for": from },
    data: { handle: "owner", password },
  });

test("a stranger's wrong guesses never lock the owner out: the owner signs in after a short wait", async ({
  request,
}) => {
  test.setTimeout(90_000);
  await new Api(request, server.current.url).signUp("owner", "the real password");
  // A stranger who keeps guessing, from one address, is slowed down and then made to wait...
  let refused = 0;
  for (let i = 0; i < 14; i++) {
    const status = (await signIn(request, "203.0.113.9", `guess ${i}`)).status();
    expect([401, 429]).toContain(status);
    if (status === 429) refused++;
  }
  expect(refused).toBeGreaterThan(0);
  // ...while the owner, from elsewhere, still gets in with the right password, within seconds.
  const started = Date.now();
  const owner = await signIn(request, "198.51.100.7", "the real password");
  expect(owner.status()).toBe(200);
  expect(Date.now() - started).toBeLessThan(12_000);
});

test("an address that keeps failing waits between attempts, with 429 and Retry-After", async ({
  request,
}) => {
  test.setTimeout(90_000);
  let last = await signIn(request, "192.0.2.44", "nope");
  for (let i = 0; i < 12 && last.status() !== 429; i++)
    last = await signIn(request, "192.0.2.44", `nope ${i}`);
  expect(last.status()).toBe(429);
  expect(Number(last.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await last.json()).error.code).toBe("rate_limited");
});
