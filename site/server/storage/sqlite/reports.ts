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
import type { Statements } from "./statements.ts";

/** Files a report, unless its reporter has one open about the same target: then that one. */
export function fileReport(s: Statements, report: NewReportRecord): FiledReport {
  const inserted = s.get<ReportRow>(INSERT_REPORT, ...insertReportParams(report, now()));
  if (inserted) return { created: true, report: toReport(inserted) };
  const open = s.get<ReportRow>(OPEN_REPORT, report.reporterId, report.accountId, report.postId ?? "")!;
  return { created: false, report: toReport(open) };
}
