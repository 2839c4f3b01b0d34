import { expect, test, useServer } from "../support/fixtures.ts";
import { RELAXED_LIMITS } from "./client.ts";

const trusting = useServer({
  env: { ...RELAXED_LIMITS, P92_LIMIT_SIGN_UP_PER_IP: "1/3600", P92_TRUSTED_PROXIES: "127.0.0.1,::1" },
});
const direct = useServer({ env: { ...RELAXED_LIMITS, P92_LIMIT_SIGN_UP_PER_IP: "1/3600" } });

const signUp = (
  request: import("@playwright/test").APIRequestContext,
  url: string,
  handle: string,
  forwardedFor: string,
) =>
  request.post(`${url}/api/auth/sign-up`, {
    headers: { "x-forwarded-for": forwardedFor },
    data: { handle, password: "long enough pass" },
  });

test("behind a trusted proxy each client has its own limits, read from X-Forwarded-For", async ({
  request,
}) => {
  const url = trusting.current.url;
  expect((await signUp(request, url, "one", "198.51.100.1")).status()).toBe(201);
  expect((await signUp(request, url, "two", "198.51.100.2")).status()).toBe(201);
  // The same client again, whatever it puts in front of the proxy's entry.
  expect((await signUp(request, url, "three", "6.6.6.6, 198.51.100.1")).status()).toBe(429);
});

test("without trusted proxies X-Forwarded-For is ignored: forging it gets around no limit", async ({
  request,
}) => {
  const url = direct.current.url;
  expect((await signUp(request, url, "first", "198.51.100.1")).status()).toBe(201);
  expect((await signUp(request, url, "second", "198.51.100.2")).status()).toBe(429);
});
