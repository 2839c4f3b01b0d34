import { releaseMedia } from "./reports.ts";
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
import type { Queries } from "./db.ts";
import { setSuspension } from "./suspensions.ts";

/** The admins' reads and writes, as on SQLite (sqlite/moderation.ts). */

export async function reportQueue(
  q: Queries,
  status: ReportStatus,
  before: number | null,
  limit: number,
): Promise<ModerationPage<QueuedReport>> {
  const rows = await q.all<QueuedReportRow>(
    REPORT_QUEUE,
    status,
    before ?? Number.MAX_SAFE_INTEGER,
    limit + 1,
  );
  return pageOf(rows.map(toQueuedReport), limit);
}

export async function actionLog(
  q: Queries,
  before: number | null,
  limit: number,
): Promise<ModerationPage<LoggedAction>> {
  const rows = await q.all<LoggedActionRow>(ACTION_LOG, before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  return pageOf(rows.map(toLoggedAction), limit);
}

export async function moderate(
  q: Queries,
  entry: NewModerationAction,
  freed: string[],
): Promise<ModerationOutcome> {
  if (entry.reportId !== null && !(await q.get(REPORT_EXISTS, entry.reportId)))
    return { status: "no_report" };
  const resolve = async (sql: string, target: number | string) => {
    const rows = await q.all<{ id: number | string }>(sql, target);
    await releaseMedia(
      q,
      rows.map((row) => Number(row.id)),
      freed,
    );
  };
  const at = now();
  if (entry.action === "block_domain") await q.run(INSERT_BLOCKED_DOMAIN, entry.target, at);
  if (entry.action === "unblock_domain" && (await q.run(DELETE_BLOCKED_DOMAIN, entry.target)).changes === 0) {
    return { status: "not_blocked" };
  }
  if (entry.action === "suspend" || entry.action === "unsuspend") {
    const accountId = await accountIdByHandle(q, entry.target);
    const done =
      accountId === null
        ? "not_found"
        : await setSuspension(q, accountId, "admin", entry.action === "suspend");
    if (done === "not_found") return { status: "no_account" };
    if (done === "not_suspended") return { status: "not_suspended" };
    if (entry.action === "suspend") await resolve(RESOLVE_ACCOUNT_REPORTS, accountId!);
  }
  if (entry.action === "delete_post") await resolve(RESOLVE_POST_REPORTS, entry.target);
  if (entry.reportId !== null) await resolve(RESOLVE_REPORT, entry.reportId);
  const { id } = (await q.get<{ id: number }>(INSERT_ACTION, ...actionParams(entry, at)))!;
  return { status: "done", id, createdAt: at };
}

export async function reportTarget(q: Queries, id: number): Promise<ReportTarget | null> {
  return (await q.get<ReportTarget>(REPORT_TARGET, id)) ?? null;
}

export async function isDomainBlocked(q: Queries, domains: string[]): Promise<boolean> {
  return (
    (await q.get("SELECT 1 FROM blocked_domains WHERE domain = ANY(?::text[]) LIMIT 1", domains)) !==
    undefined
  );
}

export async function blockedDomainPage(
  q: Queries,
  after: string | null,
  limit: number,
): Promise<BlockedDomainRecord[]> {
  const rows = await q.all<{ domain: string; created_at: string }>(BLOCKED_DOMAIN_PAGE, after ?? "", limit);
  return rows.map((row) => ({ domain: row.domain, createdAt: row.created_at }));
}

export async function suspendedPage(
  q: Queries,
  after: string | null,
  limit: number,
): Promise<SuspendedAccountRecord[]> {
  return (await q.all<Parameters<typeof toSuspended>[0]>(SUSPENDED_PAGE, after ?? "", limit)).map(
    toSuspended,
  );
}
