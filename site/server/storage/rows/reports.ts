import type { ReportReason } from "../../../../shared/input-rules.ts";

/**
 * Reports to this server's admins, the same on both databases: `reports (reporter_id, account_id,
 * post_id, reason, comment, content, forward, status)`. At most one open report per reporter and
 * target (an account, or one of its posts): the unique index `reports_once` keeps a second one out.
 */

/** A report to store: `content` is what was reported, as the API answered it then (JSON). */
export interface NewReportRecord {
  reporterId: number;
  accountId: number;
  postId: string | null;
  reason: ReportReason;
  comment: string;
  content: string;
  forward: boolean;
}

export interface ReportRecord {
  id: number;
  reporterId: number;
  accountId: number;
  postId: string | null;
  reason: ReportReason;
  comment: string;
  forward: boolean;
  createdAt: string;
}

export interface ReportRow {
  id: number | string;
  reporter_id: number;
  account_id: number;
  post_id: string | null;
  reason: ReportReason;
  comment: string;
  forward: number;
  created_at: string;
}

const COLUMNS = "id, reporter_id, account_id, post_id, reason, comment, forward, created_at";

/** Binds reporter, account, post, reason, comment, content, forward, time; no row when one is open. */
export const INSERT_REPORT = `INSERT INTO reports (reporter_id, account_id, post_id, reason, comment, content, forward, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`;

/** The open report of a reporter about an account (and post, '' for none). Binds: reporter, account, post. */
export const OPEN_REPORT = `SELECT ${COLUMNS} FROM reports
  WHERE reporter_id = ? AND account_id = ? AND coalesce(post_id, '') = ? AND status = 'open'`;

export function insertReportParams(report: NewReportRecord, createdAt: string): (string | number | null)[] {
  return [
    report.reporterId,
    report.accountId,
    report.postId,
    report.reason,
    report.comment,
    report.content,
    report.forward ? 1 : 0,
    createdAt,
  ];
}

export function toReport(row: ReportRow): ReportRecord {
  return {
    id: Number(row.id),
    reporterId: row.reporter_id,
    accountId: row.account_id,
    postId: row.post_id,
    reason: row.reason,
    comment: row.comment,
    forward: row.forward === 1,
    createdAt: row.created_at,
  };
}

/** What filing a report did: a new one, or the reporter's open one about the same target. */
export interface FiledReport {
  created: boolean;
  report: ReportRecord;
}

/*
 * An open report holds the files (uploads of this server) of what it names: a post's photos and
 * videos, or an account's avatar. Each is used once more while held (media `refs`), so deleting
 * the post keeps them for the admins; resolving the report lets them go (`RELEASE_MEDIA`), and
 * the purge of a deleted account spares them until then.
 */

/** The uploads of a post of this server, as stored (JSON). Binds: post. */
export const POST_UPLOADS =
  "SELECT media FROM posts WHERE id = ? AND object_uri IS NULL AND deleted_at IS NULL";
/** The avatar of an account of this server. Binds: account. */
export const ACCOUNT_AVATAR =
  "SELECT avatar_media_id FROM accounts WHERE id = ? AND actor_uri IS NULL AND avatar_media_id IS NOT NULL";
/** Binds: report, media. */
export const HOLD_MEDIA =
  "INSERT INTO report_media (report_id, media_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
/** What a resolved report held, let go. Binds: report. */
export const RELEASE_MEDIA = "DELETE FROM report_media WHERE report_id = ? RETURNING media_id";
