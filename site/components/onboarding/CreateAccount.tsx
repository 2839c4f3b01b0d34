import { useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { HANDLE_CHARACTERS } from "../../../shared/input-rules.ts";
import { t } from "../../i18n/setup.ts";
import {
  createAccount,
  identityOfImport,
  normalizeServerUrl,
  signInToServer,
  signUp,
  type CreatedAccount,
  type NewIdentity,
} from "../../lib/account.ts";
import { serverUrl } from "../../lib/store.ts";

/**
 * "Create your P92 account" (or sign in to an existing one) on a server the person picks, with the
 * identity they brought (`identity`, its handle suggested). With `onCreated`, the new account is
 * handed over instead of signed in at once (an archive is imported into it first).
 */
export function CreateAccount({
  identity,
  suggestedHandle,
  signInOnly,
  onCreated,
}: {
  identity: NewIdentity | null;
  suggestedHandle?: string;
  signInOnly?: boolean;
  onCreated?: (created: CreatedAccount) => void;
}) {
  const [server, setServer] = useState(serverUrl.value);
  const [handle, setHandle] = useState(suggestedHandle?.toLowerCase() ?? "");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<"create" | "signIn">(signInOnly ? "signIn" : "create");

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    let url: string;
    try {
      url = normalizeServerUrl(server);
    } catch {
      setError(t("settings.invalidUrl"));
      setBusy(false);
      return;
    }
    try {
      if (mode === "signIn") await signInToServer({ serverUrl: url, handle, password });
      else if (identity && onCreated) {
        onCreated(await signUp({ serverUrl: url, handle, password, identity }));
        return;
      } else
        await createAccount({
          serverUrl: url,
          handle,
          password,
          identity: identity ?? identityOfImport(null),
        });
      // The form goes with the focus in it: the focus goes to the page's main region, where the
      // feed comes, rather than to nowhere (the next Tab would start wherever the form was).
      document.getElementById("main")?.focus();
    } catch (failure) {
      const suspended = failure instanceof ApiFailure && failure.code === "suspended";
      setError(suspended ? t("onboarding.suspended") : (failure as Error).message);
      setBusy(false);
    }
  }

  const form = (
    <form class="account-form" onSubmit={submit}>
      <label for="account-server">{t("onboarding.serverUrl")}</label>
      <input
        id="account-server"
        type="url"
        required
        value={server}
        onInput={(e) => setServer(e.currentTarget.value)}
      />
      <label for="account-handle">{t("onboarding.handle")}</label>
      <input
        id="account-handle"
        required
        autocomplete="username"
        pattern={HANDLE_CHARACTERS}
        value={handle}
        onInput={(e) => setHandle(e.currentTarget.value.toLowerCase())}
      />
      <label for="account-password">{t("onboarding.password")}</label>
      <input
        id="account-password"
        type="password"
        required
        minLength={8}
        autocomplete={mode === "create" ? "new-password" : "current-password"}
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {t(mode === "create" ? "onboarding.createFailed" : "onboarding.signInFailed", { reason: error })}
        </p>
      )}
      <p>
        <button type="submit" class="primary" disabled={busy}>
          {busy
            ? t("onboarding.creating")
            : mode === "create"
              ? t("onboarding.create")
              : t("onboarding.signIn")}
        </button>
      </p>
    </form>
  );

  if (signInOnly)
    return (
      <details class="sign-in">
        <summary>{t("onboarding.signInInstead")}</summary>
        {form}
      </details>
    );
  return (
    <section aria-labelledby="create-title">
      <h3 id="create-title">{t("onboarding.createTitle")}</h3>
      {form}
      {/* An archive is imported into the account it creates: it offers no signing in instead. */}
      {!onCreated && (
        <p>
          <button type="button" onClick={() => setMode(mode === "create" ? "signIn" : "create")}>
            {mode === "create" ? t("onboarding.signInInstead") : t("onboarding.create")}
          </button>
        </p>
      )}
    </section>
  );
}
