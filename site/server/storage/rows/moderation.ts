import type { ModerationAction } from "../../../../shared/admin-api.ts";
import type { ReportReason } from "../../../../shared/input-rules.ts";

/**
 * What admins see and do, the same on both databases: the report queue (`reports`, filed by
 * rows/reports.ts), the servers they blocked (`blocked_domains`) and the log of their actions
 * (`admin_actions`: who, what, on what, why, when).
 */

export type ReportStatus = "open" | "resolved";

/** A report as the admins read it: who filed it, about whom, and what was reported then (JSON). */
export interface QueuedReport {
  id: number;
  status: ReportStatus;
  reporter: string;
  account: string;
  postId: string | null;
  reason: ReportReason;
  comment: string;
  forward: boolean;
  content: string;
  createdAt: string;
}

export interface QueuedReportRow {
  id: number | string;
  status: ReportStatus;
  reporter: string;
  account: string;
  post_id: string | null;
  reason: ReportReason;
  comment: string;
  forward: number;
  content: string;
  created_at: string;
}

/** One page of a list, newest first: pass `next` as `before` for the page after it. */
export interface ModerationPage<T> {
  items: T[];
  next: number | null;
}

/** A page of `limit` from `limit + 1` rows read: the extra one says there is a next page. */
export function pageOf<T extends { id: number }>(items: T[], limit: number): ModerationPage<T> {
  return items.length > limit
    ? { items: items.slice(0, limit), next: items[limit - 1]!.id }
    : { items, next: null };
}

/** Binds: status, before (exclusive), limit. */
export const REPORT_QUEUE = `SELECT r.id, r.status, rep.handle AS reporter, a.handle AS account, r.post_id,
    r.reason, r.comment, r.forward, r.content, r.created_at
  FROM reports r JOIN accounts rep ON rep.id = r.reporter_id JOIN accounts a ON a.id = r.account_id
  WHERE r.status = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?`;

export function toQueuedReport(row: QueuedReportRow): QueuedReport {
  return {
    id: Number(row.id),
    status: row.status,
    reporter: row.reporter,
    account: row.account,
    postId: row.post_id,
    reason: row.reason,
    comment: row.comment,
    forward: row.forward === 1,
    content: row.content,
    createdAt: row.created_at,
  };
}

/** What an admin did: `target` is a post id, a handle or a domain; `reason` may be empty. */
export interface NewModerationAction {
  adminId: number;
  action: ModerationAction;
  target: string;
  reportId: number | null;
  reason: string;
}

export interface LoggedAction {
  id: number;
  admin: string;
  action: ModerationAction;
  target: string;
  reportId: number | null;
  reason: string;
  createdAt: string;
}

export interface LoggedActionRow {
  id: number | string;
  admin: string;
  action: ModerationAction;
  target: string;
  report_id: number | string | null;
  reason: string;
  created_at: string;
}

/** Binds: before (exclusive), limit. */
export const ACTION_LOG = `SELECT l.id, a.handle AS admin, l.action, l.target, l.report_id, l.reason, l.created_at
  FROM admin_actions l JOIN accounts a ON a.id = l.admin_id
  WHERE l.id < ? ORDER BY l.id DESC LIMIT ?`;

export function toLoggedAction(row: LoggedActionRow): LoggedAction {
  return {
    id: Number(row.id),
    admin: row.admin,
    action: row.action,
    target: row.target,
    reportId: row.report_id === null ? null : Number(row.report_id),
    reason: row.reason,
    createdAt: row.created_at,
  };
}

/** Binds: admin, action, target, report, reason, time. */
export const INSERT_ACTION = `INSERT INTO admin_actions (admin_id, action, target, report_id, reason, created_at)
  VALUES (?, ?, ?, ?, ?, ?) RETURNING id`;

export const actionParams = (entry: NewModerationAction, at: string) => [
  entry.adminId,
  entry.action,
  entry.target,
  entry.reportId,
  entry.reason,
  at,
];

/** Binds: report. */
export const REPORT_EXISTS = "SELECT id FROM reports WHERE id = ?";

/** What a report is about: an account (its handle) and maybe one of its posts. */
export interface ReportTarget {
  account: string;
  postId: string | null;
}

/** Binds: report. */
export const REPORT_TARGET = `SELECT a.handle AS account, r.post_id AS "postId"
  FROM reports r JOIN accounts a ON a.id = r.account_id WHERE r.id = ?`;
/** Binds: report. */
export const RESOLVE_REPORT =
  "UPDATE reports SET status = 'resolved' WHERE id = ? AND status = 'open' RETURNING id";
/** Every open report about an account or its posts, once an admin suspended it. Binds: account. */
export const RESOLVE_ACCOUNT_REPORTS =
  "UPDATE reports SET status = 'resolved' WHERE account_id = ? AND status = 'open' RETURNING id";
/** Every open report about a post, once an admin deleted it. Binds: post. */
export const RESOLVE_POST_REPORTS =
  "UPDATE reports SET status = 'resolved' WHERE post_id = ? AND status = 'open' RETURNING id";

/** Binds: domain, time. */
export const INSERT_BLOCKED_DOMAIN = `INSERT INTO blocked_domains (domain, created_at) VALUES (?, ?)
  ON CONFLICT DO NOTHING`;
/** Binds: domain. */
export const DELETE_BLOCKED_DOMAIN = "DELETE FROM blocked_domains WHERE domain = ?";

export interface BlockedDomainRecord {
  domain: string;
  createdAt: string;
}

/** Binds: after (exclusive, '' for the first page), limit. */
export const BLOCKED_DOMAIN_PAGE = `SELECT domain, created_at FROM blocked_domains WHERE domain > ?
  ORDER BY domain LIMIT ?`;

/** What moderating did: done (the log entry's id), or the report it named is not there. */
export type ModerationOutcome =
  | { status: "done"; id: number; createdAt: string }
  | { status: "no_report" }
  /** Unblocking a domain no admin blocked. */
  | { status: "not_blocked" }
  /** Suspending or lifting the suspension of an account there is no such account. */
  | { status: "no_account" }
  /** Lifting a suspension no admin made (none, or its own server's). */
  | { status: "not_suspended" };

/** A suspended account as the admins' list shows it. */
export interface SuspendedAccountRecord {
  handle: string;
  since: string;
  /** By this server's admins, or by the account's own server. */
  by: "admin" | "origin";
}

/** Binds: after (exclusive, '' for the first page), limit. */
export const SUSPENDED_PAGE = `SELECT handle, suspended_at, suspended_by FROM accounts
  WHERE suspended_at IS NOT NULL AND deleted_at IS NULL AND handle > ? ORDER BY handle LIMIT ?`;

export const toSuspended = (row: {
  handle: string;
  suspended_at: string;
  suspended_by: SuspendedAccountRecord["by"];
}): SuspendedAccountRecord => ({ handle: row.handle, since: row.suspended_at, by: row.suspended_by });
