import { newId } from "../../../shared/ids.ts";
import type { Report } from "../../../shared/api.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS } from "./client.ts";

const server = useServer({ env: { ...RELAXED_LIMITS, P92_LIMIT_REPORTS_PER_ACCOUNT: "4/3600" } });

test("a post or an account is reported once per reporter, within bounds, as the reporter may see it", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const ana = await api.signUp("repana");
  const ben = await api.signUp("repben");
  const cyd = await api.signUp("repcyd");
  const benPost = await api.createPost(ben, "buy my stuff");
  const anaPost = await api.createPost(ana, "my own words");
  const report = (person: typeof ana | null, data: unknown) => api.call("POST", person, "/api/reports", data);

  const filed = await report(ana, { postId: benPost.id, reason: "spam" });
  expect(filed.status(), await filed.text()).toBe(201);
  const first = ((await filed.json()) as { report: Report }).report;
  expect(first).toMatchObject({
    account: "repben",
    postId: benPost.id,
    reason: "spam",
    comment: "",
    forwarded: false,
  });
  // The same target again: the open report, nothing added for the admins.
  const again = await report(ana, { postId: benPost.id, reason: "harassment", comment: "and rude" });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as { report: Report }).report).toEqual(first);
  // The account is another target; someone here has no other server to tell.
  const account = await report(ana, {
    handle: "RepBen",
    reason: "harassment",
    comment: " follows me around ",
    forward: true,
  });
  expect(account.status()).toBe(201);
  expect(((await account.json()) as { report: Report }).report).toMatchObject({
    account: "repben",
    postId: null,
    comment: "follows me around",
    forwarded: false,
  });
  const self = await report(ana, { postId: anaPost.id, reason: "spam" });
  expect(self.status()).toBe(422);
  expect((await self.json()).error).toMatchObject({ code: "cannot_report_self", field: "postId" });

  // Bad input is refused before anything is spent or stored.
  for (const [data, field] of [
    [{ handle: "repben", reason: "other" }, "comment"],
    [{ handle: "repben", postId: benPost.id, reason: "spam" }, undefined],
    [{ reason: "spam" }, undefined],
    [{ handle: "repben", reason: "boring" }, "reason"],
    [{ handle: "x".repeat(100_000), reason: "spam" }, "handle"],
    [{ handle: "repben", reason: "other", comment: "x".repeat(1001) }, "comment"],
  ] as const) {
    const refused = await report(ana, data);
    expect(refused.status(), JSON.stringify(data)).toBe(422);
    if (field) expect((await refused.json()).error.field).toBe(field);
  }
  expect(
    (
      await request.post(`${server.current.url}/api/reports`, {
        headers: ana.auth,
        data: "x".repeat(2 << 20),
      })
    ).status(),
  ).toBe(413);
  expect((await report(null, { handle: "repben", reason: "spam" })).status()).toBe(401);

  // Four reports an hour here (P92_LIMIT_REPORTS_PER_ACCOUNT): the fifth waits.
  const limited = await report(ana, { handle: "repcyd", reason: "spam" });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);

  // Nothing to report that is not there; a block either way stops no report (nobody makes
  // themselves unreportable by blocking the person they harass).
  expect((await report(cyd, { postId: newId(), reason: "spam" })).status()).toBe(404);
  expect((await report(cyd, { handle: "nobody", reason: "spam" })).status()).toBe(404);
  expect((await api.call("POST", ben, "/api/accounts/repcyd/block")).status()).toBe(200);
  const blocked = await report(cyd, { postId: benPost.id, reason: "harassment", comment: "then blocked me" });
  expect(blocked.status()).toBe(201);
  expect(await blocked.json()).toMatchObject({ created: true, report: { account: "repben" } });
  expect((await report(ben, { handle: "repcyd", reason: "harassment" })).status()).toBe(201);
  // A post gone is gone: nothing to report any more (the report filed before stays).
  expect((await api.call("DELETE", ben, `/api/posts/${benPost.id}`)).status()).toBe(204);
  expect((await report(ben, { postId: anaPost.id, reason: "spam" })).status()).toBe(201);
  expect((await report(cyd, { postId: benPost.id, reason: "spam" })).status()).toBe(404);
});
