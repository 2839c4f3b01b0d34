import { useEffect, useState } from "preact/hooks";
import { LOCALES, locale, t, type Locale } from "../i18n/index.ts";
import { normalizeServerUrl } from "../lib/account.ts";
import { AccountSecurity } from "./AccountSecurity.tsx";
import { ArchiveImport } from "./settings/ArchiveImport.tsx";
import { DataExport } from "./settings/DataExport.tsx";
import { DeleteAccount } from "./settings/DeleteAccount.tsx";
import { t as tSetup } from "../i18n/setup.ts";
import { AdminLink } from "./settings/AdminLink.tsx";
import { MutedWords } from "./settings/MutedWords.tsx";
import { RelationLists } from "./settings/RelationLists.tsx";
import { deleteAllLocalData, loadPreferences } from "../lib/settings.ts";
import { ready, serverUrl, session, setLocale, setServerUrl, signOut, startStore } from "../lib/store.ts";

const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", fr: "Français" };

/** Language, server URL, sign out, account security, delete all local data. */
export default function Settings() {
  const [pinned, setPinned] = useState<Locale | "">("");
  const [server, setServer] = useState("");
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);

  useEffect(() => {
    void startStore().then(async () => {
      setPinned((await loadPreferences()).locale ?? "");
      setServer(serverUrl.value);
    });
  }, []);
  if (!ready.value) return <p class="muted">{t("loading")}</p>;

  async function saveServer(event: Event) {
    event.preventDefault();
    try {
      await setServerUrl(normalizeServerUrl(server));
      setMessage({ text: t("settings.saved") });
    } catch {
      setMessage({ text: t("settings.invalidUrl"), error: true });
    }
  }

  return (
    <div class="settings" lang={locale.value}>
      <h1>{t("settings.title")}</h1>
      <section aria-labelledby="language-title">
        <h2 id="language-title">{t("settings.language")}</h2>
        <label for="language" class="visually-hidden">
          {t("settings.language")}
        </label>
        <select
          id="language"
          value={pinned}
          onChange={(e) => {
            const value = e.currentTarget.value as Locale | "";
            setPinned(value);
            void setLocale(value || null);
          }}
        >
          <option value="">{t("settings.languageAuto")}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </section>
      <section aria-labelledby="server-title">
        <h2 id="server-title">{t("settings.server")}</h2>
        <form onSubmit={saveServer}>
          <label for="server-url">{t("settings.serverHelp")}</label>
          <input
            id="server-url"
            type="url"
            value={server}
            disabled={!!session.value}
            onInput={(e) => setServer(e.currentTarget.value)}
          />
          <p>
            <button type="submit" disabled={!!session.value}>
              {t("settings.save")}
            </button>
          </p>
        </form>
        <p>
          {session.value
            ? t("settings.signedInAs", { handle: session.value.handle })
            : t("settings.notSignedIn")}
        </p>
        {session.value && (
          <button type="button" onClick={() => void signOut()}>
            {t("settings.signOut")}
          </button>
        )}
      </section>
      {session.value && <AccountSecurity session={session.value} />}
      {session.value && <AdminLink session={session.value} />}
      {session.value && <RelationLists session={session.value} />}
      {session.value && <DataExport session={session.value} />}
      {session.value && <ArchiveImport session={session.value} />}
      {session.value && (
        <DeleteAccount
          session={session.value}
          onDeleted={() => setMessage({ text: tSetup("deleteAccount.done") })}
        />
      )}
      <MutedWords />
      <section aria-labelledby="delete-title">
        <h2 id="delete-title">{t("settings.deleteAll")}</h2>
        <button
          type="button"
          class="danger"
          onClick={async () => {
            if (!confirm(t("settings.deleteConfirm"))) return;
            await deleteAllLocalData();
            await signOut();
            setMessage({ text: t("settings.deleted") });
          }}
        >
          {t("settings.deleteAll")}
        </button>
      </section>
      {message && (
        <p role={message.error ? "alert" : "status"} class={message.error ? "error" : ""}>
          {message.text}
        </p>
      )}
    </div>
  );
}
