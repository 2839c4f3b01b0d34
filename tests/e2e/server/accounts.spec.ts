import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: RELAXED_LIMITS });

test("sign-up answers a token and the imported profile, its Instagram claim unproven", async ({
  request,
}) => {
  const response = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: {
      handle: "Ada.Lovelace",
      password: "analytical engine",
      profile: {
        displayName: "Ada",
        bio: "Poetical science",
        links: [{ title: "Notes", url: "https://example.org/notes" }],
        instagram: { handle: "Ada.Lovelace", verified: true },
      },
    },
  });
  expect(response.status()).toBe(201);
  const body = await response.json();
  expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  expect(body.account).toMatchObject({
    id: `${server.current.url}/api/accounts/ada.lovelace`,
    handle: "ada.lovelace",
    displayName: "Ada",
    // Unproven: the claimed badge is not shown until the server reads it from Instagram itself.
    instagram: { handle: "Ada.Lovelace", proven: false, verified: false },
  });
  const me = await request.get(`${server.current.url}/api/me`, {
    headers: { authorization: `Bearer ${body.token}` },
  });
  expect((await me.json()).account.handle).toBe("ada.lovelace");
  const profile = await request.get(body.account.id);
  expect((await profile.json()).account.bio).toBe("Poetical science");
});

test("sign-up refuses a taken handle in any case (409) and a bad handle or short password (422)", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  await api.signUp("grace");
  const taken = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "GRACE", password: "another password" },
  });
  expect(taken.status()).toBe(409);
  expect(await taken.json()).toEqual({
    error: { code: "handle_taken", message: "The handle @grace is already taken", field: "handle" },
  });
  const badHandle = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "no spaces!", password: "long enough" },
  });
  expect(badHandle.status()).toBe(422);
  expect((await badHandle.json()).error).toMatchObject({ code: "invalid", field: "handle" });
  const shortPassword = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "hopper", password: "short" },
  });
  expect(shortPassword.status()).toBe(422);
  expect((await shortPassword.json()).error).toMatchObject({ code: "invalid", field: "password" });
});

test("sign-in with the right password works; a wrong one or unknown handle is 401", async ({ request }) => {
  const api = new Api(request, server.current.url);
  await api.signUp("linus", "penguins rule");
  const ok = await request.post(`${server.current.url}/api/auth/sign-in`, {
    data: { handle: "Linus", password: "penguins rule" },
  });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).account.handle).toBe("linus");
  for (const data of [
    { handle: "linus", password: "penguins drool" },
    { handle: "nobody", password: "penguins rule" },
  ]) {
    const wrong = await request.post(`${server.current.url}/api/auth/sign-in`, { data });
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { code: "invalid_credentials", message: "Wrong handle or password" },
    });
  }
});

test("sign-out revokes the token: it is refused afterwards with 401", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const person = await api.signUp("margaret");
  // Used once first, so the server has the session at hand when it is revoked.
  expect((await request.get(`${server.current.url}/api/me`, { headers: person.auth })).status()).toBe(200);
  const out = await request.post(`${server.current.url}/api/auth/sign-out`, { headers: person.auth });
  expect(out.status()).toBe(204);
  const me = await request.get(`${server.current.url}/api/me`, { headers: person.auth });
  expect(me.status()).toBe(401);
  expect((await me.json()).error.code).toBe("unauthenticated");
});

test("malformed, oversized and misdirected requests get JSON errors", async ({ request }) => {
  const invalid = await request.post(`${server.current.url}/api/auth/sign-in`, {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.code).toBe("invalid_json");
  const huge = await request.post(`${server.current.url}/api/auth/sign-up`, {
    data: { handle: "big", password: "x".repeat(2 * 1024 * 1024) },
  });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.message).toContain("1048576 bytes");
  const missing = await request.get(`${server.current.url}/api/no/such/route`);
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("no_route");
  const wrongMethod = await request.get(`${server.current.url}/api/sync`);
  expect(wrongMethod.status()).toBe(405);
  expect((await wrongMethod.json()).error.code).toBe("method_not_allowed");
  expect(wrongMethod.headers()["allow"]).toBe("POST, OPTIONS");
  const notOnPosts = await request.put(`${server.current.url}/api/posts`);
  expect(notOnPosts.status()).toBe(405);
  expect(notOnPosts.headers()["allow"]).toBe("POST, OPTIONS");
  const undecodable = await request.get(`${server.current.url}/api/posts/%E0%A4%A`);
  expect(undecodable.status()).toBe(400);
  expect((await undecodable.json()).error.code).toBe("bad_request");
  const anonymous = await request.get(`${server.current.url}/api/timeline/following`);
  expect(anonymous.status()).toBe(401);
});

test("CORS answers only the configured site origin", async ({ request }) => {
  const preflight = (origin: string) =>
    request.fetch(`${server.current.url}/api/sync`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST" },
    });
  const own = await preflight(server.current.url);
  expect(own.headers()["access-control-allow-origin"]).toBe(server.current.url);
  const other = await preflight("https://evil.example");
  expect(other.headers()["access-control-allow-origin"]).toBeUndefined();
});

test("a person updates their own profile, with an uploaded avatar", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const person = await api.signUp("painter");
  const sharp = (await import("sharp")).default;
  const image = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#fa0" } })
    .png()
    .toBuffer();
  const upload = await request.post(`${server.current.url}/api/media`, {
    headers: { ...person.auth, "content-type": "image/png" },
    data: image,
  });
  const { media } = await upload.json();
  const updated = await request.patch(`${server.current.url}/api/me`, {
    headers: person.auth,
    data: { displayName: "The Painter", bio: "Colours", avatarMediaId: media.id },
  });
  expect(updated.status()).toBe(200);
  const { account } = await updated.json();
  expect(account).toMatchObject({ displayName: "The Painter", bio: "Colours", avatarUrl: media.previewUrl });
  const other = await api.signUp("copycat");
  const stolen = await request.patch(`${server.current.url}/api/me`, {
    headers: other.auth,
    data: { avatarMediaId: media.id },
  });
  expect(stolen.status()).toBe(404);
  expect((await stolen.json()).error.field).toBe("avatarMediaId");
});

test("a profile holds at most five links, at sign-up as when edited", async ({ request }) => {
  const links = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ title: `L${i}`, url: `https://l${i}.example/` }));
  const signUp = (handle: string, count: number) =>
    request.post(`${server.current.url}/api/auth/sign-up`, {
      data: { handle, password: "correct horse battery", profile: { links: links(count) } },
    });
  const six = await signUp("sixlinks", 6);
  expect(six.status()).toBe(422);
  expect(((await six.json()) as { error: { field?: string } }).error.field).toBe("profile.links");
  const five = await signUp("fivelinks", 5);
  expect(five.status()).toBe(201);
  const { token } = (await five.json()) as { token: string };
  const update = (count: number) =>
    request.patch(`${server.current.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
      data: { links: links(count) },
    });
  expect((await update(6)).status()).toBe(422);
  expect((await update(2)).status()).toBe(200);
});
