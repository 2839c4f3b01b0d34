import { useState } from "preact/hooks";
import type { LoggedModeration, ModerationInput } from "../../../shared/admin-api.ts";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { LIMITS } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/admin.ts";
import type { AdminApi } from "../../lib/admin.ts";
import { showToast } from "../../lib/toast.ts";
import { ModalDialog, openModal } from "../modal.tsx";

/** What the dialog says about an action: its question, what it does, its button. */
export interface ActionTexts {
  title: string;
  body: string;
  confirm: string;
  /** Said once done (a toast). */
  done: string;
  /** Deleting and blocking: the button says it is not lightly taken back. */
  danger?: boolean;
}

/**
 * Asks an admin to confirm an action, with why (optional, kept in the log), then sends it. When it
 * cannot be done (offline, refused), the dialog says why and keeps what was written. Done, the
 * focus goes to `returnTo` (the list the action changed) and `onDone` has the log's new line.
 */
export function askModeration(
  api: AdminApi,
  request: ModerationInput,
  texts: ActionTexts,
  returnTo: Element | null,
  onDone: (entry: LoggedModeration) => void,
): void {
  openModal(
    (close) => (
      <ModerationDialog api={api} request={request} texts={texts} onDone={onDone} onClose={() => close()} />
    ),
    returnTo,
  );
}

/** What went wrong, in the admin's language (the server's messages are English). */
export function moderationFailure(failure: unknown): string {
  if (!(failure instanceof ApiFailure)) return t("admin.failed", { reason: String(failure) });
  if (failure.status === 0) return t("admin.offline");
  if (failure.status === 401) return t("admin.signIn");
  if (failure.status === 403) return t("admin.notAdmin");
  if (failure.status === 404) return t("admin.gone");
  if (failure.status === 429) return t("admin.tooMany");
  if (failure.code === "cannot_block_self") return t("admin.notOwnServer");
  if (failure.code === "not_reported") return t("admin.notReported");
  if (failure.code === "cannot_suspend_admin") return t("admin.notAdminSuspension");
  if (failure.field === "domain") return t("admin.badDomain");
  return t("admin.failed", { reason: failure.message });
}

function ModerationDialog(props: {
  api: AdminApi;
  request: ModerationInput;
  texts: ActionTexts;
  onDone: (entry: LoggedModeration) => void;
  onClose: () => void;
}) {
  const { texts } = props;
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const [sending, setSending] = useState(false);
  return (
    <ModalDialog id="moderate" title={texts.title} onClose={props.onClose}>
      {(dismiss) => (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setSending(true);
            setError("");
            void props.api
              .act({ ...props.request, reason: reason.trim() })
              .then((entry) => {
                showToast(texts.done);
                props.onDone(entry);
                dismiss();
              })
              .catch((failure: unknown) => {
                setSending(false);
                // Said anew each time: the alert is emptied first.
                requestAnimationFrame(() => setError(moderationFailure(failure)));
              });
          }}
        >
          <p>{texts.body}</p>
          <label for="moderation-reason">{t("admin.why")}</label>
          <textarea
            id="moderation-reason"
            class="dialog-field"
            rows={3}
            dir="auto"
            maxLength={LIMITS.moderationReason}
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
          <p class="error" role="alert">
            {error}
          </p>
          <div class="dialog-actions">
            <button type="button" onClick={dismiss}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" class={texts.danger ? "danger-button" : "primary"} disabled={sending}>
              {texts.confirm}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
