import { useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import { storeExport } from "../../lib/import-store.ts";
import { parseExport, readExportFiles } from "../../lib/instagram-export.ts";

/** "Import your Instagram data export": read on this device, stored like the extension's import. */
export function ExportImport() {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [dragging, setDragging] = useState(false);

  async function importFiles(files: File[]) {
    if (files.length === 0) return;
    setState({ busy: true, error: null });
    try {
      await storeExport(parseExport(await readExportFiles(files)));
    } catch (error) {
      setState({ busy: false, error: (error as Error).message });
    }
  }

  return (
    <section
      aria-labelledby="export-title"
      class={dragging ? "export-import dragging" : "export-import"}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFiles(Array.from(e.dataTransfer?.files ?? []));
      }}
    >
      <p class="muted">{t("onboarding.or")}</p>
      <h3 id="export-title">{t("onboarding.exportTitle")}</h3>
      <p>{t("onboarding.exportHelp")}</p>
      <label for="export-files">{t("onboarding.exportPick")}</label>
      <input
        id="export-files"
        type="file"
        multiple
        accept=".zip,.json,application/zip,application/json"
        disabled={state.busy}
        onChange={(e) => void importFiles(Array.from(e.currentTarget.files ?? []))}
      />
      {state.busy && (
        <p role="status" class="muted">
          {t("onboarding.exportReading")}
        </p>
      )}
      {state.error && (
        <p role="alert" class="error">
          {t("onboarding.exportFailed", { reason: state.error })}
        </p>
      )}
    </section>
  );
}
