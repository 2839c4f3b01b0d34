import { useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { LIMITS, REPORT_REASONS, type ReportReason } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/setup.ts";
import { sendReport, type ReportTarget } from "../../lib/reports.ts";
import { showToast } from "../../lib/toast.ts";
import { ModalDialog, openModal } from "../modal.tsx";

/**
 * Reports a post or an account to the admins of the person's server: a reason (spam, harassment,
 * illegal, something else) and what is wrong, needed for "something else". Loaded when first
 * asked for. Sent at once; when it cannot be (offline, refused), the dialog says why and keeps
 * what was written. A toast thanks the reporter; the focus goes back to what opened it.
 */
export function openReportDialog(target: ReportTarget, opener: Element | null): void {
  openModal((close) => <ReportDialog target={target} onClose={() => close()} />, opener);
}

function ReportDialog({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [forward, setForward] = useState(false);
  // Someone elsewhere (`user@host`): their server's admins may be told too.
  const elsewhere = target.handle.includes("@") ? target.handle.slice(target.handle.indexOf("@") + 1) : null;
  const needsComment = reason === "other" && comment.trim() === "";
  const title = target.postId
    ? t("report.postTitle", { handle: target.handle })
    : t("report.accountTitle", { handle: target.handle });
  return (
    <ModalDialog id="report" title={title} onClose={onClose}>
      {(dismiss) => (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!reason) return setError(t("report.chooseReason"));
            if (needsComment) return setError(t("report.sayWhat"));
            setSending(true);
            void sendReport(target, reason, comment.trim(), forward && elsewhere !== null)
              .then(() => {
                showToast(t("report.sent", { handle: target.handle }));
                dismiss();
              })
              .catch((failure: unknown) => {
                setSending(false);
                setError(
                  failure instanceof ApiFailure && failure.status === 0
                    ? t("report.offline")
                    : t("report.failed", { reason: (failure as Error).message }),
                );
              });
          }}
        >
          <p class="muted">{t("report.intro", { handle: target.handle })}</p>
          <fieldset class="report-reasons">
            <legend>{t("report.why")}</legend>
            {REPORT_REASONS.map((option) => (
              <label key={option} class="report-reason">
                <input
                  type="radio"
                  name="report-reason"
                  value={option}
                  checked={reason === option}
                  onChange={() => {
                    setReason(option);
                    setError(null);
                  }}
                />
                {t(`report.reason.${option}`)}
              </label>
            ))}
          </fieldset>
          <label for="report-comment">
            {t(reason === "other" ? "report.commentNeeded" : "report.comment")}
          </label>
          <textarea
            id="report-comment"
            class="dialog-field"
            rows={3}
            dir="auto"
            maxLength={LIMITS.reportComment}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          {elsewhere && (
            <label class="report-reason">
              <input
                type="checkbox"
                checked={forward}
                onChange={(event) => setForward(event.currentTarget.checked)}
              />
              {t("report.forward", { host: elsewhere })}
            </label>
          )}
          <p class="error" role="alert">
            {error ?? ""}
          </p>
          <div class="dialog-actions">
            <button type="button" onClick={dismiss}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" class="primary" disabled={sending}>
              {t("report.send")}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
