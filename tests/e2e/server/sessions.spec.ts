import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: { ...RELAXED_LIMITS, P92_SESSION_IDLE_SECONDS: "3" } });

const me = (request: import("@playwright/test").APIRequestContext, auth: { authorization: string }) =>
  request.get(`${server.current.url}/api/me`, { headers: auth });

async function signIn(
  request: import("@playwright/test").APIRequestContext,
  handle: string,
  password: string,
) {
  const response = await request.post(`${server.current.url}/api/auth/sign-in`, {
    data: { handle, password },
  });
  return { status: response.status(), auth: { authorization: `Bearer ${(await response.json()).token}` } };
}

test("a session unused for longer than the idle limit is signed out; one in use stays", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const busy = await api.signUp("busy");
  const idle = await api.signUp("idle");
  for (let i = 0; i < 5; i++) {
    expect((await me(request, busy.auth)).status()).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const expired = await me(request, idle.auth);
  expect(expired.status()).toBe(401);
  expect((await expired.json()).error.code).toBe("unauthenticated");
});

test("sign out everywhere ends every session of the account, and no one else's", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const phone = await api.signUp("traveller", "my long password");
  const laptop = await signIn(request, "traveller", "my long password");
  const stranger = await api.signUp("stranger");
  const out = await request.delete(`${server.current.url}/api/auth/sessions`, { headers: phone.auth });
  expect(out.status()).toBe(204);
  expect((await me(request, phone.auth)).status()).toBe(401);
  expect((await me(request, laptop.auth)).status()).toBe(401);
  expect((await me(request, stranger.auth)).status()).toBe(200);
});

test("changing the password needs the current one and signs every other session out", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const here = await api.signUp("mover", "old password 1");
  const there = await signIn(request, "mover", "old password 1");
  const change = (currentPassword: string, newPassword: string) =>
    request.post(`${server.current.url}/api/auth/password`, {
      headers: here.auth,
      data: { currentPassword, newPassword },
    });
  const wrong = await change("not the password", "new password 2");
  expect(wrong.status()).toBe(403);
  expect((await wrong.json()).error).toMatchObject({ code: "wrong_password", field: "currentPassword" });
  expect((await change("old password 1", "short")).status()).toBe(422);
  expect((await change("old password 1", "new password 2")).status()).toBe(204);
  expect((await me(request, here.auth)).status()).toBe(200);
  expect((await me(request, there.auth)).status()).toBe(401);
  expect((await signIn(request, "mover", "old password 1")).status).toBe(401);
  expect((await signIn(request, "mover", "new password 2")).status).toBe(200);
});
