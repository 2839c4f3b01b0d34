import type {
  AdminReportPage,
  BlockedDomainPage,
  LoggedModeration,
  ModerationLogPage,
} from "../../../shared/admin-api.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, RELAXED_LIMITS, type Person } from "./client.ts";
import { png } from "./media-fixtures.ts";

const server = useServer({
  env: {
    ...RELAXED_LIMITS,
    P92_ADMIN_HANDLES: "modadm,modchk,modkeep",
    P92_BLOCKED_DOMAINS: "configured.example",
  },
});

/** An inbox delivery signed (in name) by a key on `host`: a blocked server's is refused first. */
const deliveryFrom = (api: Api, host: string) =>
  api.request.post(`${api.url}/api/inbox`, {
    headers: {
      "content-type": "application/activity+json",
      signature: `keyId="https://${host}/users/x#main-key",algorithm="rsa-sha256",headers="(request-target)",signature="AAAA"`,
    },
    data: { type: "Create" },
  });

// Before the other test (a file's tests run in order): nothing is logged or blocked yet.
test("an admin's action with bad input is refused and changes nothing", async ({ request }) => {
  const api = new Api(request, server.current.url);
  const admin = await api.signUp("modchk");
  const act = (data: unknown) => api.call("POST", admin, "/api/admin/actions", data);
  for (const [data, status, field] of [
    [{ action: "suspend_everyone" }, 422, "action"],
    [{ action: "dismiss" }, 422, "reportId"],
    [{ action: "dismiss", reportId: "-1" }, 422, "reportId"],
    [{ action: "dismiss", reportId: "999999" }, 404, "reportId"],
    [{ action: "delete_post", postId: "not-an-id" }, 422, "postId"],
    [{ action: "delete_post", postId: "01890a5d-ac96-774b-bcce-b302099a8057" }, 404, "postId"],
    [{ action: "block_domain", domain: "https://spam.example/" }, 422, "domain"],
    [{ action: "block_domain", domain: "x".repeat(100_000) }, 422, "domain"],
    [{ action: "block_domain", domain: new URL(server.current.url).hostname }, 422, "domain"],
    [{ action: "block_domain", domain: "spam.example", reason: "x".repeat(1001) }, 422, "reason"],
  ] as const) {
    const refused = await act(data);
    expect(refused.status(), JSON.stringify(data).slice(0, 100)).toBe(status);
    expect((await refused.json()).error.field).toBe(field);
  }
  // What an action names is checked before anything is done: the post stays.
  const reporter = await api.signUp("modrep");
  const author = await api.signUp("modtgt");
  const reported = await api.createPost(author, "reported one");
  const other = await api.createPost(author, "another one");
  const filed = await api.call("POST", reporter, "/api/reports", { postId: reported.id, reason: "spam" });
  const reportId = ((await filed.json()) as { report: { id: string } }).report.id;
  for (const [data, status, code] of [
    [{ action: "delete_post", postId: other.id, reportId }, 422, "not_reported"],
    [{ action: "delete_post", postId: other.id, reportId: "999999" }, 404, "not_found"],
    [{ action: "block_domain", domain: "spam.example", reportId }, 422, "not_reported"],
    [{ action: "unblock_domain", domain: "never.example" }, 404, "not_found"],
  ] as const) {
    const refused = await act(data);
    expect(refused.status(), JSON.stringify(data)).toBe(status);
    expect((await refused.json()).error.code).toBe(code);
  }
  expect((await api.call("GET", reporter, `/api/posts/${other.id}`)).status()).toBe(200);
  const tooLarge = await request.post(`${server.current.url}/api/admin/actions`, {
    headers: admin.auth,
    data: "x".repeat(2 << 20),
  });
  expect(tooLarge.status()).toBe(413);
  expect((await api.call("GET", admin, "/api/admin/reports?status=closed")).status()).toBe(400);
  expect((await api.call("GET", admin, "/api/admin/reports?before=x")).status()).toBe(400);
  const domains = (await (await api.call("GET", admin, "/api/admin/domains")).json()) as BlockedDomainPage;
  expect(domains.domains.map((d) => d.domain)).toEqual(["configured.example"]);
  const log = (await (await api.call("GET", admin, "/api/admin/actions")).json()) as ModerationLogPage;
  expect(log.actions).toEqual([]);
});

test("admins read the queue with what was reported as it was, and each action is done and logged", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const admin = await api.signUp("modadm");
  const ana = await api.signUp("modana");
  const ben = await api.signUp("modben");
  const cyd = await api.signUp("modcyd");
  const said = await api.createPost(ben, "first nasty words");
  const spam = await api.createPost(ben, "buy my stuff at spam dot example");
  const report = async (person: Person, data: object) => {
    const filed = await api.call("POST", person, "/api/reports", data);
    expect(filed.status(), await filed.text()).toBe(201);
  };
  await report(ana, { postId: said.id, reason: "harassment", comment: "he keeps at it" });
  await report(ana, { postId: spam.id, reason: "spam" });
  await report(cyd, { postId: spam.id, reason: "spam" });
  await report(cyd, { handle: "modben", reason: "other", comment: "a spam account" });
  // Ben deletes what he said: the admins still read it.
  expect((await api.call("DELETE", ben, `/api/posts/${said.id}`)).status()).toBe(204);

  // GET /api/me says who is an admin (Settings then links to /admin/).
  expect((await (await api.call("GET", admin, "/api/me")).json()).admin).toBe(true);
  expect((await (await api.call("GET", ana, "/api/me")).json()).admin).toBe(false);
  // Only admins read the queue.
  expect((await api.call("GET", null, "/api/admin/reports")).status()).toBe(401);
  const refused = await api.call("GET", ana, "/api/admin/reports");
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("not_admin");
  expect(
    (await api.call("POST", ana, "/api/admin/actions", { action: "dismiss", reportId: "1" })).status(),
  ).toBe(403);

  // The reports about Ben (the other test left one about someone else, open and oldest).
  const queue = async (query = "") => {
    const page = (await (
      await api.call("GET", admin, `/api/admin/reports${query}`)
    ).json()) as AdminReportPage;
    return { ...page, reports: page.reports.filter((r) => r.account === "modben") };
  };
  const open = await queue();
  expect(open.reports.map((r) => [r.reporter, r.account, r.reason])).toEqual([
    ["modcyd", "modben", "other"],
    ["modcyd", "modben", "spam"],
    ["modana", "modben", "spam"],
    ["modana", "modben", "harassment"],
  ]);
  expect(open.reports[3]!.reported.post?.text).toBe("first nasty words");
  expect(open.reports[3]!.comment).toBe("he keeps at it");
  expect(open.reports[0]!.reported.account.handle).toBe("modben");
  expect(open.reports[0]!.reported.post).toBeUndefined();
  const firstPage = await queue("?limit=3");
  expect(firstPage.reports).toHaveLength(3);
  expect((await queue(`?limit=3&before=${firstPage.next}`)).reports.map((r) => r.id)).toEqual([
    open.reports[3]!.id,
  ]);
  expect(firstPage.next).not.toBeNull();

  const act = async (data: object) => {
    const done = await api.call("POST", admin, "/api/admin/actions", data);
    expect(done.status(), await done.text()).toBe(201);
    return ((await done.json()) as { action: LoggedModeration }).action;
  };
  // Deleting the post answers both reports about it; it is gone for everyone.
  const deleted = await act({
    action: "delete_post",
    postId: spam.id,
    reportId: open.reports[1]!.id,
    reason: "  advertising  ",
  });
  expect(deleted).toMatchObject({
    admin: "modadm",
    action: "delete_post",
    target: spam.id,
    reason: "advertising",
  });
  expect((await api.call("GET", ana, `/api/posts/${spam.id}`)).status()).toBe(404);
  // Done again (a request that failed half-way): the same, logged again.
  await act({ action: "delete_post", postId: spam.id });
  await act({ action: "dismiss", reportId: open.reports[3]!.id, reason: "he deleted it" });
  expect((await queue()).reports.map((r) => r.id)).toEqual([open.reports[0]!.id]);
  expect((await queue("?status=resolved")).reports.map((r) => r.id)).toEqual([
    open.reports[1]!.id,
    open.reports[2]!.id,
    open.reports[3]!.id,
  ]);

  // A server blocked by an admin is refused at once; unblocked, it is heard again.
  expect((await deliveryFrom(api, "a.spam.example")).status()).not.toBe(403);
  await act({ action: "block_domain", domain: "Spam.Example.", reason: "spam server" });
  const blocked = await deliveryFrom(api, "a.spam.example");
  expect(blocked.status()).toBe(403);
  expect((await blocked.json()).error.code).toBe("blocked");
  expect((await deliveryFrom(api, "notspam.example")).status()).not.toBe(403);
  const domains = (await (await api.call("GET", admin, "/api/admin/domains")).json()) as BlockedDomainPage;
  expect(domains.domains.map((d) => [d.domain, d.configured])).toEqual([
    ["configured.example", true],
    ["spam.example", false],
  ]);
  await act({ action: "unblock_domain", domain: "spam.example" });
  expect((await deliveryFrom(api, "a.spam.example")).status()).not.toBe(403);
  expect((await deliveryFrom(api, "configured.example")).status()).toBe(403);

  // Every action in the log, newest first: who, what, on what, why.
  const log = (await (await api.call("GET", admin, "/api/admin/actions")).json()) as ModerationLogPage;
  expect(log.actions.map((a) => [a.admin, a.action, a.target, a.reason]).slice(0, 5)).toEqual([
    ["modadm", "unblock_domain", "spam.example", ""],
    ["modadm", "block_domain", "spam.example", "spam server"],
    ["modadm", "dismiss", "", "he deleted it"],
    ["modadm", "delete_post", spam.id, ""],
    ["modadm", "delete_post", spam.id, "advertising"],
  ]);
  expect(log.actions[2]!.reportId).toBe(open.reports[3]!.id);
});

test("a reported post's photo and a reported account's avatar stay for the admins until the report is resolved, deleted or not", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const admin = await api.signUp("modkeep");
  const ana = await api.signUp("modkana");
  const ben = await api.signUp("modkben");
  const photo = await api.upload(ben, await png(30, 30));
  const post = await api.createPost(ben, "look at this", { media: [{ id: photo.id, alt: "" }] });
  const avatar = await api.upload(ben, await png(20, 20));
  expect((await api.call("PATCH", ben, "/api/me", { avatarMediaId: avatar.id })).status()).toBe(200);
  const avatarUrl = (
    (await (await api.call("GET", ben, "/api/me")).json()) as { account: { avatarUrl: string } }
  ).account.avatarUrl;
  const report = async (data: object) => {
    const filed = await api.call("POST", ana, "/api/reports", { reason: "harassment", ...data });
    expect(filed.status(), await filed.text()).toBe(201);
    return ((await filed.json()) as { report: { id: string } }).report.id;
  };
  const onPost = await report({ postId: post.id });
  const onAccount = await report({ handle: "modkben" });
  const status = async (file: string) => (await request.get(file)).status();

  // Ben deletes the post: what was reported is still there to see.
  expect((await api.call("DELETE", ben, `/api/posts/${post.id}`)).status()).toBe(204);
  expect(await status(photo.url)).toBe(200);
  expect(await status(avatarUrl)).toBe(200);

  // Resolved, each report lets its file go.
  const act = (data: object) => api.call("POST", admin, "/api/admin/actions", data);
  expect((await act({ action: "dismiss", reportId: onPost })).status()).toBe(201);
  expect(await status(photo.url)).toBe(404);
  expect(await status(avatarUrl)).toBe(200);
  // Ben deletes his account, his picture still on it: its purge spares what the report holds.
  expect(
    (await api.call("POST", ben, "/api/me/delete", { password: "correct horse battery" })).status(),
  ).toBe(202);
  await expect
    .poll(() => server.current.output(), { timeout: 20_000 })
    .toMatch(/@modkben .*: everything it had is removed/);
  expect(await status(avatarUrl)).toBe(200);
  expect((await act({ action: "dismiss", reportId: onAccount })).status()).toBe(201);
  expect(await status(avatarUrl)).toBe(404);
});
