import { now } from "../rows/clock.ts";
import {
  INSERT_REPORT,
  insertReportParams,
  OPEN_REPORT,
  toReport,
  type FiledReport,
  type NewReportRecord,
  type ReportRow,
} from "../rows/reports.ts";
import type { Queries } from "./db.ts";

/**
 * As on SQLite. Two filings racing: the unique index lets one insert and the other find nothing
 * to insert, then reads the first (committed before its conflict is reported).
 */
export async function fileReport(q: Queries, report: NewReportRecord): Promise<FiledReport> {
  const inserted = await q.get<ReportRow>(INSERT_REPORT, ...insertReportParams(report, now()));
  if (inserted) return { created: true, report: toReport(inserted) };
  const open = (await q.get<ReportRow>(
    OPEN_REPORT,
    report.reporterId,
    report.accountId,
    report.postId ?? "",
  ))!;
  return { created: false, report: toReport(open) };
}
