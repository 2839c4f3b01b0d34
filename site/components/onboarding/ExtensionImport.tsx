import { useEffect, useState } from "preact/hooks";
import type { ImportProgress, ListProgress } from "../../../shared/import-progress.ts";
import { t } from "../../i18n/setup.ts";
import type { BridgeClient, BridgeError } from "../../lib/bridge-client.ts";
import { createImportReceiver } from "../../lib/import-store.ts";

/** "Import from Instagram" through the extension, with its live progress. */
export function ExtensionImport({ bridge }: { bridge: BridgeClient }) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  /** The extension waits for the person to allow this site in its own window. */
  const [confirming, setConfirming] = useState(false);
  const [declined, setDeclined] = useState(false);

  async function collect() {
    try {
      await bridge.receiveImported(createImportReceiver());
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  useEffect(() => {
    // An import finished earlier (e.g. from the popup) is taken over at once.
    void collect();
    return bridge.onProgress((next) => {
      setProgress(next);
      if (next.status === "done") void collect();
      if (next.status === "failed") setError(next.problem?.message ?? t("error.unknown"));
    });
  }, [bridge]);

  async function start() {
    setError(null);
    setDeclined(false);
    setStarted(true);
    try {
      await bridge.startImport({ onConsentAsked: () => setConfirming(true) });
    } catch (failure) {
      if ((failure as BridgeError).code === "declined") setDeclined(true);
      else setError((failure as Error).message);
      setStarted(false);
    } finally {
      setConfirming(false);
    }
  }

  const running = started || progress?.status === "running" || progress?.status === "waiting";
  return (
    <section aria-labelledby="import-title">
      <h3 id="import-title">{t("onboarding.importTitle")}</h3>
      <p>{t("onboarding.importHelp")}</p>
      <p>
        <button type="button" class="primary" disabled={running && !error} onClick={() => void start()}>
          {t("onboarding.importButton")}
        </button>
      </p>
      {confirming && (
        <p role="status" class="import-confirm">
          {t("onboarding.importConfirm")}
        </p>
      )}
      {declined && <p role="alert">{t("onboarding.importDeclined")}</p>}
      {progress && (
        <div role="status" aria-live="polite" class="import-progress">
          <ListLine name={t("onboarding.importFollowing")} list={progress.following} />
          <ListLine name={t("onboarding.importFollowers")} list={progress.followers} />
          {progress.status === "done" && <p>{t("onboarding.importDone")}</p>}
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {t("onboarding.importFailed", { reason: error })}
        </p>
      )}
    </section>
  );
}

function ListLine({ name, list }: { name: string; list: ListProgress }) {
  const text =
    list.total === null
      ? t("onboarding.importProgressUnknown", { list: name, fetched: list.fetched })
      : t("onboarding.importProgress", {
          list: name,
          fetched: Math.min(list.fetched, list.total),
          total: list.total,
        });
  return (
    <p>
      {text}{" "}
      {list.total !== null && (
        <progress max={list.total} value={Math.min(list.fetched, list.total)} aria-hidden="true" />
      )}
    </p>
  );
}
