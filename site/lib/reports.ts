import type { NewReport, Report } from "../../shared/api.ts";
import type { ReportReason } from "../../shared/input-rules.ts";
import { callApi } from "./api.ts";
import { session } from "./store.ts";

/** What a report names: an account, and maybe one of its posts. */
export interface ReportTarget {
  handle: string;
  postId?: string;
}

/**
 * Sends a report to the admins of the person's server, at once (a report is not queued: the
 * dialog says when it could not be sent, and keeps what was written). The server answers the
 * report (`created`), or the one its reporter already has open about the same target. `forward`: someone
 * elsewhere is reported to their server too (by this server, not naming the reporter).
 */
export async function sendReport(
  target: ReportTarget,
  reason: ReportReason,
  comment: string,
  forward: boolean,
): Promise<{ report: Report; created: boolean }> {
  const me = session.value;
  if (!me) throw new Error("reporting needs a signed-in person");
  const body: NewReport = {
    ...(target.postId ? { postId: target.postId } : { handle: target.handle }),
    reason,
    comment,
    forward,
  };
  return callApi<{ report: Report; created: boolean }>(me.serverUrl, "/api/reports", {
    token: me.token,
    body,
  });
}
