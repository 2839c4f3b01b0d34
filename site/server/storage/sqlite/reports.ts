import { now } from "../rows/clock.ts";
import { uploadIds, type StoredMedia } from "../rows/posts.ts";
import {
  ACCOUNT_AVATAR,
  HOLD_MEDIA,
  INSERT_REPORT,
  insertReportParams,
  OPEN_REPORT,
  POST_UPLOADS,
  RELEASE_MEDIA,
  toReport,
  type FiledReport,
  type NewReportRecord,
  type ReportRow,
} from "../rows/reports.ts";
import { attachMedia, detachMedia } from "./media.ts";
import type { Statements } from "./statements.ts";

/** Files a report, unless its reporter has one open about the same target: then that one. */
export function fileReport(s: Statements, report: NewReportRecord): FiledReport {
  const inserted = s.get<ReportRow>(INSERT_REPORT, ...insertReportParams(report, now()));
  if (inserted) {
    const filed = toReport(inserted);
    holdMedia(s, filed.id, report);
    return { created: true, report: filed };
  }
  const open = s.get<ReportRow>(OPEN_REPORT, report.reporterId, report.accountId, report.postId ?? "")!;
  return { created: false, report: toReport(open) };
}

/** The files of what a new report names, held while it is open (rows/reports.ts). */
function holdMedia(s: Statements, reportId: number, report: NewReportRecord): void {
  const ids =
    report.postId === null
      ? [s.get<{ avatar_media_id: string }>(ACCOUNT_AVATAR, report.accountId)?.avatar_media_id].flatMap(
          (id) => (id ? [id] : []),
        )
      : uploadIds(
          JSON.parse(s.get<{ media: string }>(POST_UPLOADS, report.postId)?.media ?? "[]") as StoredMedia[],
        );
  const held = [...new Set(ids)];
  for (const id of held) s.run(HOLD_MEDIA, reportId, id);
  attachMedia(s, held);
}

/** Lets go of what resolved reports held: files nothing else uses are freed after commit. */
export function releaseMedia(s: Statements, reportIds: number[], freed: string[]): void {
  for (const reportId of reportIds) {
    const ids = s.all<{ media_id: string }>(RELEASE_MEDIA, reportId).map((row) => row.media_id);
    detachMedia(s, ids, freed);
  }
}
