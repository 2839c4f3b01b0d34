import { useRef, useState } from "preact/hooks";
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
 * what was written. A toast thanks the reporter (or says an earlier report about it stands); the
 * focus goes back to what opened it.
 */
export function openReportDialog(target: ReportTarget, opener: Element | null): void {
  openModal((close) => <ReportDialog target={target} onClose={() => close()} />, opener);
}

/** What went wrong, said in the person's language (the server's messages are English). */
function failureText(failure: unknown): string {
  if (!(failure instanceof ApiFailure)) return t("report.failed", { reason: String(failure) });
  if (failure.status === 0) return t("report.offline");
  if (failure.status === 429) return t("report.tooMany");
  if (failure.status === 404) return t("report.gone");
  return t("report.failed", { reason: failure.message });
}

function ReportDialog({ target, onClose }: { target: ReportTarget; onClose: () => void }) {
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<{ text: string; field: "reason" | "comment" | null } | null>(null);
  const [sending, setSending] = useState(false);
  const [forward, setForward] = useState(false);
  const reasons = useRef<HTMLFieldSetElement>(null);
  const commentField = useRef<HTMLTextAreaElement>(null);
  // Someone elsewhere (`user@host`): their server's admins may be told too.
  const elsewhere = target.handle.includes("@") ? target.handle.slice(target.handle.indexOf("@") + 1) : null;
  const title = target.postId
    ? t("report.postTitle", { handle: target.handle })
    : t("report.accountTitle", { handle: target.handle });
  /** Said anew each time (the alert is emptied first), with the focus on what needs fixing. */
  const fail = (text: string, field: "reason" | "comment" | null) => {
    setError(null);
    requestAnimationFrame(() => {
      setError({ text, field });
      if (field === "reason") reasons.current?.querySelector("input")?.focus();
      if (field === "comment") commentField.current?.focus();
    });
  };
  return (
    <ModalDialog id="report" title={title} onClose={onClose}>
      {(dismiss) => (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!reason) return fail(t("report.chooseReason"), "reason");
            if (reason === "other" && comment.trim() === "") return fail(t("report.sayWhat"), "comment");
            setSending(true);
            void sendReport(target, reason, comment.trim(), forward && elsewhere !== null)
              .then(({ created }) => {
                showToast(t(created ? "report.sent" : "report.already", { handle: target.handle }));
                dismiss();
              })
              .catch((failure: unknown) => {
                setSending(false);
                fail(failureText(failure), null);
              });
          }}
        >
          <p class="muted">{t("report.intro", { handle: target.handle })}</p>
          <fieldset
            ref={reasons}
            class="report-reasons"
            aria-invalid={error?.field === "reason" ? "true" : undefined}
            aria-describedby={error?.field === "reason" ? "report-error" : undefined}
          >
            <legend>{t("report.why")}</legend>
            {REPORT_REASONS.map((option) => (
              <label key={option} class="choice-line">
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
            ref={commentField}
            id="report-comment"
            class="dialog-field"
            rows={3}
            dir="auto"
            maxLength={LIMITS.reportComment}
            required={reason === "other"}
            aria-invalid={error?.field === "comment" ? "true" : undefined}
            aria-describedby={error?.field === "comment" ? "report-error" : undefined}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          {elsewhere && (
            <label class="choice-line">
              <input
                type="checkbox"
                checked={forward}
                onChange={(event) => setForward(event.currentTarget.checked)}
              />
              {t("report.forward", { host: elsewhere })}
            </label>
          )}
          <p id="report-error" class="error" role="alert">
            {error?.text ?? ""}
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
