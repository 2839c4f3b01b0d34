import type { LoggedModeration, SuspendedAccountPage } from "../../../shared/admin-api.ts";
import type { SyncChange } from "../../../shared/sync.ts";
import { expect, test, useServer } from "../support/fixtures.ts";
import { Api, handles, notifications, postIds, RELAXED_LIMITS, type Person } from "./client.ts";

const server = useServer({ env: { ...RELAXED_LIMITS, P92_ADMIN_HANDLES: "susadm" } });

test("a suspended account cannot sign in and nothing of it is shown, on any route or device, until it is lifted", async ({
  request,
}) => {
  const api = new Api(request, server.current.url);
  const admin = await api.signUp("susadm");
  const sam = await api.signUp("sussam");
  const fay = await api.signUp("susfay");
  const reporter = await api.signUp("susrep");
  const gus = await api.signUp("susgus");
  expect((await api.follow(fay, "sussam")).status()).toBe(200);
  expect((await api.follow(gus, "sussam")).status()).toBe(200);
  const topic = await api.createPost(fay, "quokka pictures, anyone?");
  const said = await api.createPost(sam, "quokka spam from sam");
  const reply = await api.createPost(sam, "quokka reply from sam", { replyTo: topic.id });
  const third = await api.createPost(sam, "quokka spam again");
  expect((await api.call("POST", sam, `/api/posts/${topic.id}/like`)).status()).toBe(200);
  const fayDevice = await api.sync(fay, {});
  expect(JSON.stringify(fayDevice.changes)).toContain(said.id);
  const filed = await api.call("POST", reporter, "/api/reports", { postId: said.id, reason: "spam" });
  const reportId = ((await filed.json()) as { report: { id: string } }).report.id;

  const act = (person: Person, data: object) => api.call("POST", person, "/api/admin/actions", data);
  // Only admins suspend; an admin cannot be suspended; the report must be about the account.
  expect((await act(fay, { action: "suspend", handle: "sussam" })).status()).toBe(403);
  for (const [data, status, code] of [
    [{ action: "suspend", handle: "susadm" }, 422, "cannot_suspend_admin"],
    [{ action: "suspend", handle: "nobody" }, 404, "not_found"],
    [{ action: "suspend", handle: "Not A Handle" }, 422, "invalid"],
    [{ action: "suspend", handle: "susfay", reportId }, 422, "not_reported"],
    [{ action: "unsuspend", handle: "sussam" }, 404, "not_found"],
  ] as const) {
    const refused = await act(admin, data);
    expect(refused.status(), JSON.stringify(data)).toBe(status);
    expect((await refused.json()).error.code, JSON.stringify(data)).toBe(code);
  }
  expect((await api.call("GET", sam, "/api/me")).status()).toBe(200);

  const suspended = await act(admin, { action: "suspend", handle: "sussam", reportId, reason: "spammer" });
  expect(suspended.status(), await suspended.text()).toBe(201);
  expect(((await suspended.json()) as { action: LoggedModeration }).action).toMatchObject({
    admin: "susadm",
    action: "suspend",
    target: "sussam",
    reportId,
    reason: "spammer",
  });
  // Signed out everywhere, and signing in is refused with a reason.
  expect((await api.call("GET", sam, "/api/me")).status()).toBe(401);
  const signIn = await request.post(`${server.current.url}/api/auth/sign-in`, {
    data: { handle: "sussam", password: "correct horse battery" },
  });
  expect(signIn.status()).toBe(403);
  expect((await signIn.json()).error.code).toBe("suspended");
  // A wrong password says nothing more than for anyone.
  const wrong = await request.post(`${server.current.url}/api/auth/sign-in`, {
    data: { handle: "sussam", password: "wrong horse battery" },
  });
  expect(wrong.status()).toBe(401);
  // The report about it is resolved.
  const queue = await (await api.call("GET", admin, "/api/admin/reports")).json();
  expect(queue.reports.map((r: { id: string }) => r.id)).not.toContain(reportId);

  // Nothing of it, for anyone, anywhere the server answers.
  for (const reader of [fay, reporter, null]) {
    const profile = await api.call("GET", reader, "/api/accounts/sussam");
    expect(profile.status()).toBe(404);
    expect((await profile.json()).error.code).toBe("suspended");
    for (const path of ["posts", "followers", "following"])
      expect((await api.call("GET", reader, `/api/accounts/sussam/${path}`)).status()).toBe(404);
    expect((await api.call("GET", reader, `/api/posts/${said.id}`)).status()).toBe(404);
    expect(await postIds(api, reader, `/api/posts/${topic.id}`)).toEqual([]);
    expect(await postIds(api, reader, "/api/timeline/everyone")).not.toContain(said.id);
    expect(await postIds(api, reader, "/api/search/posts?q=quokka")).toEqual([topic.id]);
    expect(await handles(api, reader, "/api/search/accounts?q=sussam")).toEqual([]);
    expect(await handles(api, reader, "/api/accounts/susfay/following")).toEqual([]);
  }
  expect(await postIds(api, fay, "/api/timeline/following")).toEqual([topic.id]);
  expect((await notifications(api, fay)).notifications.map((n) => n.actor)).not.toContain("sussam");
  expect((await api.call("GET", fay, "/api/lookup?q=sussam")).status()).toBe(404);
  // Nobody starts following it; who follows it may stop.
  expect((await api.follow(reporter, "sussam")).status()).toBe(404);
  expect((await api.call("DELETE", fay, "/api/accounts/sussam/follow")).status()).toBe(200);
  expect((await api.follow(fay, "sussam")).status()).toBe(404);
  // Devices drop what they hold of it; a new device gets nothing of it.
  const suspension: SyncChange = { kind: "suspension", handle: "sussam", active: true };
  const later = await api.sync(fay, { cursor: fayDevice.cursor });
  expect(later.changes).toContainEqual(suspension);
  // A follower's device signing in anew gets none of its posts, and no change of it later.
  const fresh = await api.sync(gus, {});
  expect(JSON.stringify(fresh.changes)).not.toContain(said.id);
  const gusLater = (await api.sync(gus, { cursor: fayDevice.cursor })).changes;
  expect(gusLater.filter((c) => c.kind === "account" && c.account.handle === "sussam")).toEqual([]);
  expect(gusLater).toContainEqual(suspension);
  // Blocking or muting it stays possible; an admin can still delete what it posted.
  expect((await api.call("POST", reporter, "/api/accounts/sussam/mute")).status()).toBe(200);
  const removed = await act(admin, { action: "delete_post", postId: third.id, reason: "spam" });
  expect(removed.status(), await removed.text()).toBe(201);
  // The admins' list shows it, suspended by them.
  const list = (await (await api.call("GET", admin, "/api/admin/suspended")).json()) as SuspendedAccountPage;
  expect(list.accounts.map((a) => [a.handle, a.by])).toEqual([["sussam", "admin"]]);
  expect((await api.call("GET", fay, "/api/admin/suspended")).status()).toBe(403);
  // Suspended again (a request retried): the same.
  expect((await act(admin, { action: "suspend", handle: "sussam" })).status()).toBe(201);

  // Lifted: it signs in again, and is shown again; its followers' devices get its posts back.
  expect((await api.follow(fay, "sussam")).status()).toBe(404);
  const lifted = await act(admin, { action: "unsuspend", handle: "sussam", reason: "appeal accepted" });
  expect(lifted.status(), await lifted.text()).toBe(201);
  const back = await request.post(`${server.current.url}/api/auth/sign-in`, {
    data: { handle: "sussam", password: "correct horse battery" },
  });
  expect(back.status()).toBe(200);
  expect((await api.call("GET", fay, "/api/accounts/sussam")).status()).toBe(200);
  expect(await postIds(api, fay, `/api/posts/${topic.id}`)).toEqual([reply.id]);
  expect(await postIds(api, null, "/api/search/posts?q=quokka")).toHaveLength(3);
  expect((await api.follow(fay, "sussam")).status()).toBe(200);
  const restored = await api.sync(fay, { cursor: later.cursor });
  expect(restored.changes).toContainEqual({ kind: "suspension", handle: "sussam", active: false });
  const restoredIds = restored.changes.flatMap((c) => (c.kind === "post" ? [c.post.id] : []));
  expect(restoredIds).toEqual(expect.arrayContaining([said.id, reply.id]));
  expect((await (await api.call("GET", admin, "/api/admin/suspended")).json()).accounts).toEqual([]);
  expect((await act(admin, { action: "unsuspend", handle: "sussam" })).status()).toBe(404);

  // The log holds both, newest first.
  const log = await (await api.call("GET", admin, "/api/admin/actions")).json();
  expect(log.actions.slice(0, 4).map((a: LoggedModeration) => [a.action, a.target, a.reason])).toEqual([
    ["unsuspend", "sussam", "appeal accepted"],
    ["suspend", "sussam", ""],
    ["delete_post", third.id, "spam"],
    ["suspend", "sussam", "spammer"],
  ]);
  expect((await api.call("GET", fay, `/api/posts/${third.id}`)).status()).toBe(404);
});
