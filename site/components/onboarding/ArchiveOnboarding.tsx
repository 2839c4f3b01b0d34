import { useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import { identityOfArchive, rememberAccount, type CreatedAccount } from "../../lib/account.ts";
import type { OpenedArchive } from "../../lib/archive-import/archive.ts";
import { ArchivePicker } from "../archive-import/ArchivePicker.tsx";
import { ArchiveSummary } from "../archive-import/ArchiveSummary.tsx";
import { ImportRun } from "../archive-import/ImportRun.tsx";
import { CreateAccount } from "./CreateAccount.tsx";

/** "Moving from another P92 server?": the way in with an archive downloaded there. */
export function ArchiveChoice({ onOpened }: { onOpened: (archive: OpenedArchive) => void }) {
  return (
    <section aria-labelledby="archive-choice-title">
      <h3 id="archive-choice-title">{t("archiveImport.title")}</h3>
      <p>{t("archiveImport.lead")}</p>
      <ArchivePicker onOpened={onOpened} />
    </section>
  );
}

/**
 * An archive picked: its profile shown, the account created with it, then its posts and follows
 * brought over while the person watches; the feed comes when they say so.
 */
export function ArchiveOnboarding({ archive, onCancel }: { archive: OpenedArchive; onCancel: () => void }) {
  const [created, setCreated] = useState<CreatedAccount | null>(null);
  if (created)
    return (
      <ImportRun archive={archive} target={{ serverUrl: created.serverUrl, token: created.answer.token }}>
        <p>
          <button type="button" onClick={() => void rememberAccount(created)}>
            {t("archiveImport.toFeed")}
          </button>
        </p>
      </ImportRun>
    );
  return (
    <>
      <ArchiveSummary archive={archive} />
      <p class="muted">{t("archiveImport.createLead")}</p>
      <CreateAccount
        key="archive"
        identity={identityOfArchive(archive)}
        suggestedHandle={archive.handle}
        onCreated={setCreated}
      />
      <p>
        <button type="button" onClick={onCancel}>
          {t("archiveImport.another")}
        </button>
      </p>
    </>
  );
}
