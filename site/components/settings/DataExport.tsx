import { useState } from "preact/hooks";
import { ApiFailure } from "../../../shared/api-failure.ts";
import { locale } from "../../i18n/index.ts";
import { t } from "../../i18n/setup.ts";
import { downloadArchive } from "../../lib/archive.ts";
import type { Session } from "../../lib/settings.ts";

/** Settings' "Your data": the person's archive, as one ZIP, to keep. */
export function DataExport({ session }: { session: Session }) {
  const [working, setWorking] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const download = () => {
    if (working) return;
    setWorking(true);
    setError("");
    setStatus(t("archive.preparing"));
    downloadArchive(session, locale.value)
      .then(() => setStatus(t("archive.started")))
      .catch((failure: unknown) => {
        setStatus("");
        setError(failureText(failure));
      })
      .finally(() => setWorking(false));
  };
  return (
    <section aria-labelledby="archive-title">
      <h2 id="archive-title">{t("archive.title")}</h2>
      <p class="muted">{t("archive.lead")}</p>
      <button type="button" aria-disabled={working ? "true" : undefined} onClick={download}>
        {t("archive.download")}
      </button>
      <p role="status">{status}</p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}

function failureText(failure: unknown): string {
  if (failure instanceof ApiFailure && failure.status === 0)
    return t(navigator.onLine ? "archive.unreachable" : "archive.offline");
  if (failure instanceof ApiFailure && failure.status === 429) return t("archive.tooMany");
  if (failure instanceof ApiFailure && failure.status === 401) return t("archive.signIn");
  return t("archive.failed", { reason: failure instanceof Error ? failure.message : String(failure) });
}
