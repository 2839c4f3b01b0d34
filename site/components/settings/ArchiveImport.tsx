import { useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import type { OpenedArchive } from "../../lib/archive-import/archive.ts";
import type { Session } from "../../lib/settings.ts";
import { ArchivePicker } from "../archive-import/ArchivePicker.tsx";
import { ArchiveSummary } from "../archive-import/ArchiveSummary.tsx";
import { ImportRun } from "../archive-import/ImportRun.tsx";

/**
 * Settings' "Import a P92 archive": an archive from another server brought into this account
 * (after signing up without it, or to finish an import cut short: nothing comes over twice).
 */
export function ArchiveImport({ session }: { session: Session }) {
  const [archive, setArchive] = useState<OpenedArchive | null>(null);
  const [running, setRunning] = useState(false);
  // Someone unfollowed since the archive was made would be followed again: they may say no.
  const [follow, setFollow] = useState(true);
  const close = () => {
    setRunning(false);
    setArchive(null);
  };
  return (
    <section aria-labelledby="archive-import-title">
      <h2 id="archive-import-title">{t("archiveImport.settingsTitle")}</h2>
      <p class="muted">{t("archiveImport.settingsLead")}</p>
      {archive && running ? (
        <ImportRun archive={archive} target={session} follow={follow}>
          <p>
            <button type="button" onClick={close}>
              {t("archiveImport.close")}
            </button>
          </p>
        </ImportRun>
      ) : archive ? (
        <>
          <ArchiveSummary archive={archive} />
          <label class="choice-line">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
            {t("archiveImport.followAgain")}
          </label>
          <p>
            <button type="button" class="primary" onClick={() => setRunning(true)}>
              {t("archiveImport.start", { handle: session.handle })}
            </button>{" "}
            <button type="button" onClick={close}>
              {t("archiveImport.another")}
            </button>
          </p>
        </>
      ) : (
        <ArchivePicker onOpened={setArchive} />
      )}
    </section>
  );
}
