import { useState } from "preact/hooks";
import { PASSWORD_MIN_LENGTH } from "../../shared/api.ts";
import { t } from "../i18n/setup.ts";
import { ApiFailure } from "../../shared/api-failure.ts";
import { changePassword, signOutEverywhere } from "../lib/account.ts";
import type { Session } from "../lib/settings.ts";

type Message = { text: string; error?: boolean } | null;

const reason = (failure: unknown) =>
  failure instanceof ApiFailure && failure.status === 0
    ? t("error.network")
    : failure instanceof Error
      ? failure.message
      : t("error.unknown");

/** One password input; a new password is held to the server's bounds before it is sent. */
function PasswordField(props: {
  kind: "current" | "new";
  label: string;
  value: string;
  onInput: (value: string) => void;
}) {
  const id = `${props.kind}-password`;
  return (
    <p>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        autocomplete={`${props.kind}-password`}
        required
        minLength={props.kind === "new" ? PASSWORD_MIN_LENGTH : undefined}
        maxLength={props.kind === "new" ? 200 : undefined}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </p>
  );
}

/** Settings for the signed-in account: change the password, sign out on every device. */
export function AccountSecurity({ session }: { session: Session }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  async function submitPassword(event: Event) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await changePassword(session, current, next);
      setCurrent("");
      setNext("");
      setMessage({ text: t("settings.passwordChanged") });
    } catch (failure) {
      const wrong = failure instanceof ApiFailure && failure.code === "wrong_password";
      setMessage({
        text: wrong ? t("settings.wrongPassword") : t("settings.failed", { reason: reason(failure) }),
        error: true,
      });
    } finally {
      setBusy(false);
    }
  }

  async function everywhere() {
    if (!confirm(t("settings.signOutEverywhereConfirm"))) return;
    try {
      await signOutEverywhere(session);
    } catch (failure) {
      setMessage({ text: t("settings.failed", { reason: reason(failure) }), error: true });
    }
  }

  return (
    <section aria-labelledby="security-title">
      <h2 id="security-title">{t("settings.security")}</h2>
      <form onSubmit={submitPassword}>
        <h3>{t("settings.changePassword")}</h3>
        <PasswordField
          kind="current"
          label={t("settings.currentPassword")}
          value={current}
          onInput={setCurrent}
        />
        <PasswordField kind="new" label={t("settings.newPassword")} value={next} onInput={setNext} />
        <p>
          <button type="submit" disabled={busy}>
            {t("settings.changePassword")}
          </button>
        </p>
      </form>
      <h3>{t("settings.signOutEverywhere")}</h3>
      <p>{t("settings.signOutEverywhereHelp")}</p>
      <button type="button" class="danger" onClick={() => void everywhere()}>
        {t("settings.signOutEverywhere")}
      </button>
      {message && (
        <p role={message.error ? "alert" : "status"} class={message.error ? "error" : ""}>
          {message.text}
        </p>
      )}
    </section>
  );
}
