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
import type { Queries } from "./db.ts";
import { attachMedia, detachMedia } from "./media.ts";

/**
 * As on SQLite. Two filings racing: the unique index lets one insert and the other find nothing
 * to insert, then reads the first (committed before its conflict is reported).
 */
export async function fileReport(q: Queries, report: NewReportRecord): Promise<FiledReport> {
  const inserted = await q.get<ReportRow>(INSERT_REPORT, ...insertReportParams(report, now()));
  if (inserted) {
    const filed = toReport(inserted);
    await holdMedia(q, filed.id, report);
    return { created: true, report: filed };
  }
  const open = (await q.get<ReportRow>(
    OPEN_REPORT,
    report.reporterId,
    report.accountId,
    report.postId ?? "",
  ))!;
  return { created: false, report: toReport(open) };
}

async function holdMedia(q: Queries, reportId: number, report: NewReportRecord): Promise<void> {
  const ids =
    report.postId === null
      ? [
          (await q.get<{ avatar_media_id: string }>(ACCOUNT_AVATAR, report.accountId))?.avatar_media_id,
        ].flatMap((id) => (id ? [id] : []))
      : uploadIds(
          JSON.parse(
            (await q.get<{ media: string }>(POST_UPLOADS, report.postId))?.media ?? "[]",
          ) as StoredMedia[],
        );
  const held = [...new Set(ids)];
  for (const id of held) await q.run(HOLD_MEDIA, reportId, id);
  await attachMedia(q, held);
}

export async function releaseMedia(q: Queries, reportIds: number[], freed: string[]): Promise<void> {
  for (const reportId of reportIds) {
    const rows = await q.all<{ media_id: string }>(RELEASE_MEDIA, reportId);
    await detachMedia(
      q,
      rows.map((row) => row.media_id),
      freed,
    );
  }
}
