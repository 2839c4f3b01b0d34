import { ApiFailure } from "../../../shared/api-failure.ts";
import { NewReport, type Report } from "../../../shared/api.ts";
import { contextOf } from "../federation/context.ts";
import { forwardReport } from "../federation/server-actor.ts";
import { readJson, requireAccount, type Call } from "../http/endpoint.ts";
import { notFound } from "../http/errors.ts";
import { toAccount, toPost } from "../serialize.ts";
import type { AccountRecord, PostRecord } from "../storage/records.ts";
import type { ReportRecord } from "../storage/rows/reports.ts";

/**
 * POST /api/reports: someone reports a post or an account to this server's admins. What was
 * reported is kept as the reporter saw it (the API's JSON of the account, and of the post), so the
 * admins read it even once it is changed or deleted. Each account may file
 * `P92_LIMIT_REPORTS_PER_ACCOUNT` reports (a repeat counts too), and has at most one open report
 * per target: filing it again answers that one (200) and adds nothing to the admins' queue.
 */
export async function fileReport(call: Call): Promise<{ report: Report; created: boolean }> {
  const reporterId = await requireAccount(call);
  const body = await readJson(call.request, NewReport);
  return submitReport(call, reporterId, body);
}

/** A report of `reporterId`'s, as the route takes it (and tests give it). */
export async function submitReport(
  call: Pick<Call, "runtime" | "ip">,
  reporterId: number,
  body: NewReport,
): Promise<{ report: Report; created: boolean }> {
  await spendReport(call, reporterId);
  const { store, config } = call.runtime;
  const { account, post } = await reportedOf(call, reporterId, body);
  if (account.id === reporterId) {
    throw new ApiFailure(422, "cannot_report_self", "You cannot report yourself", post ? "postId" : "handle");
  }
  const content = JSON.stringify({
    account: toAccount(config.publicUrl, account),
    ...(post ? { post: toPost(config.publicUrl, post) } : {}),
  });
  // Only someone elsewhere has another server to tell; nothing goes to a blocked server.
  const remote = account.remote;
  const forward =
    body.forward && remote !== null && !(await call.runtime.blocked(new URL(remote.actorUri).hostname));
  const filed = await store.fileReport({
    reporterId,
    accountId: account.id,
    postId: post?.id ?? null,
    reason: body.reason,
    comment: body.comment,
    content,
    forward,
  });
  if (filed.created && forward) {
    // Queued (Fedify's durable outbox): the report stands whatever their server does with it,
    // and is answered even if the queue refused it (said in the log).
    await forwardReport(contextOf(call.runtime), filed.report, account, post).catch((error: unknown) =>
      console.error(`p92: report ${filed.report.id} could not be sent on to ${account.handle}:`, error),
    );
  }
  return { report: reportOf(filed.report, account.handle), created: filed.created };
}

/**
 * What a report names: a post (public, or followers-only and the reporter may read it) or an
 * account. A block either way stops nothing: someone must not make themselves unreportable by
 * blocking the person they harass.
 */
async function reportedOf(
  call: Pick<Call, "runtime">,
  reporterId: number,
  body: NewReport,
): Promise<{ account: AccountRecord; post: PostRecord | null }> {
  const { store } = call.runtime;
  if (body.postId !== undefined) {
    // As anyone may read it (a block aside), else as the reporter may (a followers-only post).
    const post = (await store.postById(body.postId, null)) ?? (await store.postById(body.postId, reporterId));
    const account = post && !post.deleted ? await store.accountByHandle(post.author) : null;
    if (!post || !account) throw notFound(`Post ${body.postId}`, "postId");
    return { account, post };
  }
  const handle = body.handle!;
  const account = await store.accountByHandle(handle);
  if (!account) throw notFound(`@${handle}`, "handle");
  return { account, post: null };
}

async function spendReport(call: Pick<Call, "runtime" | "ip">, accountId: number): Promise<void> {
  const wait = await call.runtime.limiter.tryTakeAll([
    ["reportsPerAccount", String(accountId)],
    ["actionsPerIp", call.ip],
  ]);
  if (wait > 0) {
    throw new ApiFailure(429, "rate_limited", `Too many reports; try again in ${wait} s`, undefined, {
      "Retry-After": String(wait),
    });
  }
}

function reportOf(report: ReportRecord, handle: string): Report {
  return {
    id: String(report.id),
    account: handle,
    postId: report.postId,
    reason: report.reason,
    comment: report.comment,
    forwarded: report.forward,
    createdAt: report.createdAt,
  };
}
