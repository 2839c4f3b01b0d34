import { useRef, useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { t } from "../../i18n/setup.ts";
import { deleteMyAccount } from "../../lib/account-deletion.ts";
import type { Session } from "../../lib/settings.ts";
import { ModalDialog, openModal } from "../modal.tsx";

/**
 * Settings' "Delete my account": a dialog that says what goes and asks for the password; the
 * server then deletes the account, and this device forgets it and signs out.
 */
export function DeleteAccount({ session, onDeleted }: { session: Session; onDeleted: () => void }) {
  return (
    <section aria-labelledby="delete-account-heading">
      <h2 id="delete-account-heading">{t("deleteAccount.title")}</h2>
      <p class="muted">{t("deleteAccount.lead")}</p>
      <button
        type="button"
        class="danger"
        onClick={(event) => {
          const opener = event.currentTarget;
          openModal(
            (close) => (
              <DeleteAccountDialog
                session={session}
                onClose={(deleted) => {
                  close(deleted);
                  if (deleted) onDeleted();
                }}
              />
            ),
            opener,
          );
        }}
      >
        {t("deleteAccount.open")}
      </button>
    </section>
  );
}

function DeleteAccountDialog(props: { session: Session; onClose: (deleted: boolean) => void }) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const deleted = useRef(false);
  return (
    <ModalDialog
      id="delete-account"
      title={t("deleteAccount.dialogTitle")}
      onClose={() => props.onClose(deleted.current)}
    >
      {(dismiss) => (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (busy) return;
            setBusy(true);
            setError("");
            deleteMyAccount(props.session, password)
              .then(() => {
                deleted.current = true;
                dismiss();
              })
              .catch((failure: unknown) => {
                setError(failureText(failure));
                setBusy(false);
                document.getElementById("delete-account-password")?.focus();
              });
          }}
        >
          <p>{t("deleteAccount.body", { handle: props.session.handle })}</p>
          <p>
            <label for="delete-account-password">{t("deleteAccount.password")}</label>
            <input
              id="delete-account-password"
              type="password"
              autocomplete="current-password"
              required
              maxLength={200}
              value={password}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? "delete-account-error" : undefined}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </p>
          {error && (
            <p id="delete-account-error" role="alert" class="error">
              {error}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" autofocus onClick={dismiss}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" class="danger-button" aria-disabled={busy ? "true" : undefined}>
              {t("deleteAccount.confirm")}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}

function failureText(failure: unknown): string {
  if (failure instanceof ApiFailure && failure.code === "wrong_password")
    return t("deleteAccount.wrongPassword");
  if (failure instanceof ApiFailure && failure.status === 0)
    return t(navigator.onLine ? "deleteAccount.unreachable" : "deleteAccount.offline");
  if (failure instanceof ApiFailure && failure.status === 429) return t("deleteAccount.tooMany");
  return t("deleteAccount.failed", { reason: failure instanceof Error ? failure.message : String(failure) });
}
