import { now } from "../rows/clock.ts";
import {
  ACTION_LOG,
  actionParams,
  BLOCKED_DOMAIN_PAGE,
  DELETE_BLOCKED_DOMAIN,
  INSERT_ACTION,
  INSERT_BLOCKED_DOMAIN,
  pageOf,
  REPORT_EXISTS,
  REPORT_QUEUE,
  REPORT_TARGET,
  RESOLVE_ACCOUNT_REPORTS,
  RESOLVE_POST_REPORTS,
  RESOLVE_REPORT,
  SUSPENDED_PAGE,
  toSuspended,
  toLoggedAction,
  toQueuedReport,
  type BlockedDomainRecord,
  type LoggedAction,
  type LoggedActionRow,
  type ModerationOutcome,
  type ModerationPage,
  type NewModerationAction,
  type QueuedReport,
  type QueuedReportRow,
  type ReportStatus,
  type ReportTarget,
  type SuspendedAccountRecord,
} from "../rows/moderation.ts";
import { accountIdByHandle } from "./accounts.ts";
import type { Statements } from "./statements.ts";
import { releaseMedia } from "./reports.ts";
import { setSuspension } from "./suspensions.ts";

/** The admins' reads and writes (rows/moderation.ts). */

export function reportQueue(
  s: Statements,
  status: ReportStatus,
  before: number | null,
  limit: number,
): ModerationPage<QueuedReport> {
  const rows = s.all<QueuedReportRow>(REPORT_QUEUE, status, before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  return pageOf(rows.map(toQueuedReport), limit);
}

export function actionLog(s: Statements, before: number | null, limit: number): ModerationPage<LoggedAction> {
  const rows = s.all<LoggedActionRow>(ACTION_LOG, before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  return pageOf(rows.map(toLoggedAction), limit);
}

/**
 * Logs an admin's action and does what is the database's part of it, in one transaction: resolves
 * the report it answers (and, for a deleted post or a suspended account, every open report about
 * it), letting go of the files they held (`freed`: removed after commit), blocks or unblocks a
 * domain, suspends an account or lifts it.
 */
export function moderate(s: Statements, entry: NewModerationAction, freed: string[]): ModerationOutcome {
  if (entry.reportId !== null && !s.get(REPORT_EXISTS, entry.reportId)) return { status: "no_report" };
  // A report resolved lets go of the files it held.
  const resolve = (sql: string, target: number | string) =>
    releaseMedia(
      s,
      s.all<{ id: number }>(sql, target).map((row) => row.id),
      freed,
    );
  const at = now();
  if (entry.action === "block_domain") s.run(INSERT_BLOCKED_DOMAIN, entry.target, at);
  if (entry.action === "unblock_domain" && s.run(DELETE_BLOCKED_DOMAIN, entry.target).changes === 0) {
    return { status: "not_blocked" };
  }
  if (entry.action === "suspend" || entry.action === "unsuspend") {
    const accountId = accountIdByHandle(s, entry.target);
    const done =
      accountId === null ? "not_found" : setSuspension(s, accountId, "admin", entry.action === "suspend");
    if (done === "not_found") return { status: "no_account" };
    if (done === "not_suspended") return { status: "not_suspended" };
    if (entry.action === "suspend") resolve(RESOLVE_ACCOUNT_REPORTS, accountId!);
  }
  if (entry.action === "delete_post") resolve(RESOLVE_POST_REPORTS, entry.target);
  if (entry.reportId !== null) resolve(RESOLVE_REPORT, entry.reportId);
  const { id } = s.get<{ id: number }>(INSERT_ACTION, ...actionParams(entry, at))!;
  return { status: "done", id, createdAt: at };
}

export function reportTarget(s: Statements, id: number): ReportTarget | null {
  return s.get<ReportTarget>(REPORT_TARGET, id) ?? null;
}

/** Whether an admin blocked one of `domains` (federation/blocked-domains.ts names them). */
export function isDomainBlocked(s: Statements, domains: string[]): boolean {
  return (
    s.get(
      "SELECT 1 FROM blocked_domains WHERE domain IN (SELECT value FROM json_each(?)) LIMIT 1",
      JSON.stringify(domains),
    ) !== undefined
  );
}

export function blockedDomainPage(s: Statements, after: string | null, limit: number): BlockedDomainRecord[] {
  return s
    .all<{ domain: string; created_at: string }>(BLOCKED_DOMAIN_PAGE, after ?? "", limit)
    .map((row) => ({ domain: row.domain, createdAt: row.created_at }));
}

export function suspendedPage(s: Statements, after: string | null, limit: number): SuspendedAccountRecord[] {
  return s.all<Parameters<typeof toSuspended>[0]>(SUSPENDED_PAGE, after ?? "", limit).map(toSuspended);
}
