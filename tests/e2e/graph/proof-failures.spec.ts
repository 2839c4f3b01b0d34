import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { Api, RELAXED_LIMITS } from "../server/client.ts";
import { freePort, startServer } from "../support/server.ts";
import { GraphApi } from "./graph-client.ts";
import { useGraphServer } from "./support.ts";

const world = useGraphServer();

test("a bio without the code says so and links nothing", async ({ request }) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const person = await api.signUp("eve");
  const code = await graph.askCode(person, "eve.ig");
  expect(code).toMatch(/^p92-[a-z2-9]{8}$/);
  world.instagram.profiles.set("eve.ig", { biography: "Just a bio", verified: true });
  const checked = await graph.check(person);
  expect(checked.status).toBe(422);
  expect(checked.body.error).toEqual({
    code: "code_not_in_bio",
    message: `The code ${code} is not in the bio of @eve.ig on Instagram yet; add it, save, then check again`,
  });
  expect((await graph.me(person)).instagram).toBeNull();
  // The server asked as the web app does.
  expect(world.instagram.log.at(-1)).toEqual({ username: "eve.ig", appId: "936619743392459" });
});

test("Instagram answering 404 or 429 each has its own message; a newer answer shape is read too", async ({
  request,
}) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const person = await api.signUp("finn");
  await graph.askCode(person, "ghost.ig");
  const missing = await graph.check(person);
  expect(missing.status).toBe(404);
  expect(missing.body.error).toMatchObject({
    code: "instagram_user_not_found",
    message: "Instagram has no account @ghost.ig",
  });

  const code = await graph.askCode(person, "finn.ig");
  world.instagram.profiles.set("finn.ig", { biography: `Code ${code}`, verified: true, newerShape: true });
  world.instagram.failWith = 429;
  try {
    const limited = await graph.check(person);
    expect(limited.status).toBe(503);
    expect(limited.body.error).toEqual({
      code: "instagram_rate_limited",
      message: "Instagram is limiting requests from this server right now; try again in a few minutes",
    });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await graph.me(person)).instagram).toBeNull();
  } finally {
    world.instagram.failWith = null;
  }
  const proven = await graph.check(person);
  expect(proven.status).toBe(200);
  expect(proven.body.account.instagram).toEqual({ handle: "finn.ig", proven: true, verified: true });
});

test("a handle someone else proved stays theirs until a fresh proof moves it, which drops the old link", async ({
  request,
}) => {
  const api = new Api(request, world.server.url);
  const graph = new GraphApi(request, world.server.url);
  const [owner, other] = [await api.signUp("gale"), await api.signUp("hugo")];
  const ownerCode = await graph.askCode(owner, "shared.ig");
  world.instagram.profiles.set("shared.ig", { biography: ownerCode, verified: false });
  expect((await graph.check(owner)).status).toBe(200);

  const asked = await graph.call(other, "POST", "/api/instagram/proof", { handle: "shared.ig" });
  expect(asked.body.proof).toMatchObject({ handle: "shared.ig", provenBy: "gale" });
  const refused = await graph.check(other);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe("instagram_proven_elsewhere");
  expect(refused.body.error.message).toContain("@shared.ig is already proven by another P92 account");
  expect((await graph.me(owner)).instagram).toEqual({ handle: "shared.ig", proven: true, verified: false });
  expect((await graph.me(other)).instagram).toBeNull();

  // Whoever controls the bio now puts the fresh code in it: the handle moves.
  world.instagram.profiles.set("shared.ig", { biography: asked.body.proof.code, verified: false });
  expect((await graph.check(other)).status).toBe(200);
  expect((await graph.me(other)).instagram).toEqual({ handle: "shared.ig", proven: true, verified: false });
  expect((await graph.me(owner)).instagram).toBeNull();
});

test("checking without a code, an unreachable Instagram, too many attempts and an expired code each say why", async ({
  request,
}) => {
  // A server whose Instagram does not answer, whose codes last 1 s and which allows 2 checks.
  const deadOrigin = `http://127.0.0.1:${await freePort()}`;
  const server = await startServer({
    env: {
      ...RELAXED_LIMITS,
      P92_INSTAGRAM_ORIGIN: deadOrigin,
      P92_PROOF_TTL_SECONDS: "1",
      P92_LIMIT_PROOFS_PER_ACCOUNT: "2/3600",
    },
  });
  try {
    const api = new Api(request, server.url);
    const graph = new GraphApi(request, server.url);
    const [ivy, jo] = [await api.signUp("ivy"), await api.signUp("jo")];
    const none = await graph.check(ivy);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe("no_proof_pending");

    await graph.askCode(ivy, "ivy.ig");
    const unreachable = await graph.check(ivy);
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.error).toEqual({
      code: "instagram_unreachable",
      message: "Could not reach Instagram to read the profile; try again later",
    });
    await graph.askCode(ivy, "ivy.ig");
    expect((await graph.check(ivy)).status).toBe(502);
    await graph.askCode(ivy, "ivy.ig");
    const limited = await graph.check(ivy);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");

    await graph.askCode(jo, "jo.ig");
    await new Promise((r) => setTimeout(r, 1500));
    const expired = await graph.check(jo);
    expect(expired.status).toBe(410);
    expect(expired.body.error).toEqual({
      code: "proof_expired",
      message: "This proof code has expired; ask for a new one and put it in your bio",
    });
    expect((await graph.me(jo)).instagram).toBeNull();
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});
