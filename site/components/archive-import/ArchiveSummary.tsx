import { t, tn } from "../../i18n/setup.ts";
import type { OpenedArchive } from "../../lib/archive-import/archive.ts";
import { ProfileLinks } from "../ProfileLinks.tsx";
import { PreviewAvatar } from "../onboarding/ProfilePreview.tsx";

/** Whose archive this is and what it holds, as it will be carried over; all of it as text. */
export function ArchiveSummary({ archive }: { archive: OpenedArchive }) {
  const { account } = archive;
  return (
    <section class="profile-preview" aria-labelledby="archive-summary-title">
      <h3 id="archive-summary-title">{t("archiveImport.summaryTitle")}</h3>
      <div class="profile-head">
        <PreviewAvatar picture={archive.avatar} handle={account.handle} />
        <div>
          <p class="name">{account.displayName || account.handle}</p>
          <p class="handle muted">
            {t("archiveImport.from", { handle: archive.handle, server: new URL(archive.server).host })}
          </p>
        </div>
      </div>
      {account.bio && <p class="bio">{account.bio}</p>}
      <ProfileLinks links={account.links} />
      <p class="muted">
        {tn("archiveImport.posts", account.postCount)} ·{" "}
        {tn("archiveImport.following", archive.follows.length)}
      </p>
    </section>
  );
}
