import { useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import type { OpenedArchive } from "../../lib/archive-import/archive.ts";

/**
 * The file field of a P92 archive: the picked ZIP is opened on this device (its manifest and
 * profile read and checked) and handed over; a file that is no P92 archive is said so.
 */
export function ArchivePicker({ onOpened }: { onOpened: (archive: OpenedArchive) => void }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  async function open(file: File | undefined) {
    if (!file) return;
    setState({ busy: true, error: null });
    try {
      // The reader is loaded only by those who import an archive.
      const { openArchive } = await import("../../lib/archive-import/archive.ts");
      onOpened(await openArchive(file));
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: (error as Error).message });
    }
  }

  return (
    <>
      <label for="archive-file">{t("archiveImport.pick")}</label>
      <input
        id="archive-file"
        type="file"
        accept=".zip,application/zip"
        disabled={state.busy}
        onChange={(e) => void open(e.currentTarget.files?.[0])}
      />
      {state.busy && (
        <p role="status" class="muted">
          {t("archiveImport.reading")}
        </p>
      )}
      {state.error && (
        <p role="alert" class="error">
          {t("archiveImport.unreadable", { reason: state.error })}
        </p>
      )}
    </>
  );
}
