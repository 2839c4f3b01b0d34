import type {
  AdminReport,
  AdminReportPage,
  BlockedDomainPage,
  LoggedModeration,
  ModerationLogPage,
  SuspendedAccountPage,
} from "../../../shared/admin-api.ts";
import { ModerationRequest } from "../../../shared/admin-api.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { serverOfHandle } from "../../../shared/input-rules.ts";
import { readJson, requireAccount, type Call } from "../http/endpoint.ts";
import { notFound } from "../http/errors.ts";
import { spendWrite } from "../http/write-limits.ts";
import { cursorParam, limitParam } from "../posts/pages.ts";
import type { AccountRecord } from "../storage/records.ts";
import type { LoggedAction, QueuedReport } from "../storage/rows/moderation.ts";
import { succeeded } from "../storage/store.ts";
import { isBlockedHost } from "../federation/blocked-domains.ts";

/**
 * The admins' side of the server (`/api/admin/`): the report queue, their actions on it (each
 * logged: who, what, on what, why, when) and the servers they blocked. Only the accounts that
 * P92_ADMIN_HANDLES names may call it.
 */

export const ADMIN_PAGE = 20;
export const DOMAIN_PAGE = 100;

/** The signed-in account when it is one of the admins: else 401, or 403 `not_admin`. */
export async function requireAdmin(call: Call): Promise<AccountRecord> {
  const account = await call.runtime.store.accountById(await requireAccount(call));
  if (!account || !call.runtime.config.adminHandles.includes(account.handle)) {
    throw new ApiFailure(403, "not_admin", "Only this server's admins (P92_ADMIN_HANDLES) may do this");
  }
  return account;
}

/** GET /api/admin/reports?status=open|resolved&before=&limit=: newest first. */
export async function reportQueue(call: Call): Promise<AdminReportPage> {
  await requireAdmin(call);
  const url = new URL(call.request.url);
  const status = url.searchParams.get("status") ?? "open";
  if (status !== "open" && status !== "resolved") {
    throw new ApiFailure(400, "invalid_status", "status must be open or resolved", "status");
  }
  const page = await call.runtime.store.reportQueue(
    status,
    cursorParam(url, "before"),
    limitParam(url, ADMIN_PAGE, "reports"),
  );
  return { reports: page.items.map(adminReportOf), next: page.next === null ? null : String(page.next) };
}

function adminReportOf(report: QueuedReport): AdminReport {
  return {
    id: String(report.id),
    status: report.status,
    reporter: report.reporter,
    account: report.account,
    postId: report.postId,
    reason: report.reason,
    comment: report.comment,
    forwarded: report.forward,
    createdAt: report.createdAt,
    reported: JSON.parse(report.content) as AdminReport["reported"],
  };
}

/** GET /api/admin/actions?before=&limit=: the admins' log, newest first. */
export async function moderationLog(call: Call): Promise<ModerationLogPage> {
  await requireAdmin(call);
  const url = new URL(call.request.url);
  const page = await call.runtime.store.actionLog(
    cursorParam(url, "before"),
    limitParam(url, ADMIN_PAGE, "actions"),
  );
  return { actions: page.items.map(loggedOf), next: page.next === null ? null : String(page.next) };
}

function loggedOf(entry: LoggedAction): LoggedModeration {
  return {
    ...entry,
    id: String(entry.id),
    reportId: entry.reportId === null ? null : String(entry.reportId),
  };
}

/**
 * GET /api/admin/domains?after=: the blocked servers, by name: P92_BLOCKED_DOMAINS' (on the
 * first page) and the admins'.
 */
export async function blockedDomains(call: Call): Promise<BlockedDomainPage> {
  await requireAdmin(call);
  const after = new URL(call.request.url).searchParams.get("after");
  if (after !== null && after.length > 300)
    throw new ApiFailure(400, "invalid_cursor", "after is too long", "after");
  const { config, store } = call.runtime;
  const rows = await store.blockedDomainPage(after, DOMAIN_PAGE + 1);
  const page = rows.slice(0, DOMAIN_PAGE);
  return {
    domains: [
      ...(after === null
        ? config.blockedDomains.map((domain) => ({ domain, configured: true, since: null }))
        : []),
      ...page
        .filter((row) => !config.blockedDomains.includes(row.domain))
        .map((row) => ({ domain: row.domain, configured: false, since: row.createdAt })),
    ],
    next: rows.length > DOMAIN_PAGE ? page.at(-1)!.domain : null,
  };
}

/** GET /api/admin/suspended?after=: the suspended accounts, by handle. */
export async function suspendedAccounts(call: Call): Promise<SuspendedAccountPage> {
  await requireAdmin(call);
  const after = new URL(call.request.url).searchParams.get("after");
  if (after !== null && after.length > 300)
    throw new ApiFailure(400, "invalid_cursor", "after is too long", "after");
  const rows = await call.runtime.store.suspendedPage(after, DOMAIN_PAGE + 1);
  const accounts = rows.slice(0, DOMAIN_PAGE);
  return { accounts, next: rows.length > DOMAIN_PAGE ? accounts.at(-1)!.handle : null };
}

/**
 * POST /api/admin/actions: does one action and logs it. Everything it names is checked first (the
 * report, and that it is about the post or the server acted on), so a refused action changes
 * nothing. Deleting a post deletes it as its author would (a post from here: everywhere it went,
 * by `Delete`; one from elsewhere: here), then logs it and resolves every open report about it: an
 * admin whose request failed in between sends it again, which deletes nothing more. Suspending an
 * account (never an admin's) ends its sessions and resolves every open report about it; lifting
 * it undoes only what an admin did (not a suspension by the account's own server).
 */
export async function moderate(call: Call): Promise<LoggedModeration> {
  const admin = await requireAdmin(call);
  await spendWrite(call, admin.id, "action");
  const body = await readJson(call.request, ModerationRequest);
  const reportId = "reportId" in body ? (body.reportId ?? null) : null;
  if (reportId !== null) await checkReport(call, reportId, body);
  const { target, suspended } = await carryOut(call, body);
  // Its sessions end with the suspension; the SQLite store's cache of sessions forgets them here,
  // before and after (one started in between).
  if (suspended !== undefined) await call.runtime.store.deleteSessions(suspended, null);
  const entry = { adminId: admin.id, action: body.action, target, reportId, reason: body.reason };
  const outcome = await call.runtime.store.moderate(entry);
  if (outcome.status === "no_report") throw notFound(`Report ${reportId}`, "reportId");
  if (outcome.status === "not_blocked") {
    throw notFound(`${target} among the servers admins blocked`, "domain");
  }
  if (outcome.status === "no_account") throw notFound(`@${target}`, "handle");
  if (outcome.status === "not_suspended") {
    throw notFound(`@${target} among the accounts admins suspended`, "handle");
  }
  if (suspended !== undefined) await call.runtime.store.deleteSessions(suspended, null);
  return loggedOf({ ...entry, id: outcome.id, admin: admin.handle, createdAt: outcome.createdAt });
}

/** 404 for no such report; 422 when the action is not about what it reports. */
async function checkReport(call: Call, reportId: number, body: ModerationRequest): Promise<void> {
  const report = await call.runtime.store.reportTarget(reportId);
  if (!report) throw notFound(`Report ${reportId}`, "reportId");
  const mismatch = (what: string) =>
    new ApiFailure(422, "not_reported", `Report ${reportId} is not about ${what}`, "reportId");
  if (body.action === "delete_post" && report.postId !== body.postId) throw mismatch("this post");
  if (body.action === "suspend" && report.account !== body.handle) throw mismatch(`@${body.handle}`);
  const server = serverOfHandle(report.account) ?? new URL(call.runtime.config.publicUrl).hostname;
  if (body.action === "block_domain" && !isBlockedHost(server, [body.domain])) {
    throw mismatch(`an account on ${body.domain}`);
  }
}

/** The action's part outside the log: the post deleted; what it was done to (and whom it suspends). */
async function carryOut(
  call: Call,
  body: ModerationRequest,
): Promise<{ target: string; suspended?: number }> {
  const { store, config } = call.runtime;
  switch (body.action) {
    case "dismiss":
      return { target: "" };
    case "block_domain":
    case "unblock_domain": {
      // Nor a domain above it (`example.org` for `p92.example.org`): that would block it too.
      if (
        body.action === "block_domain" &&
        isBlockedHost(new URL(config.publicUrl).hostname, [body.domain])
      ) {
        throw new ApiFailure(422, "cannot_block_self", "This server cannot block itself", "domain");
      }
      return { target: body.domain };
    }
    case "suspend":
    case "unsuspend": {
      const account = await store.accountByHandle(body.handle);
      if (!account) throw notFound(`@${body.handle}`, "handle");
      if (body.action === "suspend" && config.adminHandles.includes(account.handle)) {
        throw new ApiFailure(422, "cannot_suspend_admin", "An admin cannot be suspended", "handle");
      }
      return body.action === "suspend"
        ? { target: account.handle, suspended: account.id }
        : { target: account.handle };
    }
    case "delete_post": {
      // Not read as its author sees it: a suspended author's post is hidden from everyone.
      const authorId = await store.postAuthorId(body.postId);
      if (authorId === null) throw notFound(`Post ${body.postId}`, "postId");
      const outcome = await store.applyOp(authorId, { type: "deletePost", postId: body.postId }, null);
      if (!succeeded(outcome)) throw notFound(`Post ${body.postId}`, "postId");
      return { target: body.postId };
    }
  }
}
