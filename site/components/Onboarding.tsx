import { useEffect, useState } from "preact/hooks";
import { identityOfImport } from "../lib/account.ts";
import { createBridgeClient, type BridgeClient } from "../lib/bridge-client.ts";
import type { ProfileRow } from "../../shared/db/schema.ts";
import { t } from "../i18n/setup.ts";
import { CreateAccount } from "./onboarding/CreateAccount.tsx";
import { ExportImport } from "./onboarding/ExportImport.tsx";
import { ExtensionImport } from "./onboarding/ExtensionImport.tsx";
import { InstallExtension } from "./onboarding/InstallExtension.tsx";
import { ProfilePreview } from "./onboarding/ProfilePreview.tsx";
import { ArchiveChoice, ArchiveOnboarding } from "./onboarding/ArchiveOnboarding.tsx";
import type { OpenedArchive } from "../lib/archive-import/archive.ts";

type Detection = "detecting" | "absent" | "present";

/**
 * How long the way in waits for the extension before it shows the install steps. The extension
 * usually answers well within it (its bridge runs from the page's start); a later answer still
 * turns the install steps into the import. Waiting the bridge's whole timeout (1.5 s) kept every
 * first-time visitor, who has no extension, looking at "Looking for the P92 extension…" that long.
 */
export const DETECT_GRACE_MS = 300;

/**
 * The way in: find the extension, import from Instagram (or an export) or bring a P92 archive, then
 * create the account.
 */
export function Onboarding({ profile }: { profile: ProfileRow | null }) {
  const [detection, setDetection] = useState<Detection>("detecting");
  const [bridge, setBridge] = useState<BridgeClient | null>(null);
  const [archive, setArchive] = useState<OpenedArchive | null>(null);

  useEffect(() => {
    const client = createBridgeClient(window);
    setBridge(client);
    const grace = setTimeout(() => setDetection((d) => (d === "detecting" ? "absent" : d)), DETECT_GRACE_MS);
    client.hello().then(
      () => setDetection("present"),
      () => setDetection("absent"),
    );
    return () => {
      clearTimeout(grace);
      client.close();
    };
  }, []);

  return (
    <section class="onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">{t("onboarding.title")}</h2>
      <p>{t("onboarding.lead")}</p>
      {archive ? (
        <ArchiveOnboarding archive={archive} onCancel={() => setArchive(null)} />
      ) : profile ? (
        <>
          <ProfilePreview profile={profile} />
          <CreateAccount key="create" identity={identityOfImport(profile)} suggestedHandle={profile.handle} />
        </>
      ) : detection === "detecting" ? (
        <p class="muted" role="status">
          {t("onboarding.detecting")}
        </p>
      ) : (
        <>
          {detection === "present" && bridge ? <ExtensionImport bridge={bridge} /> : <InstallExtension />}
          <ExportImport />
          <ArchiveChoice onOpened={setArchive} />
          <CreateAccount key="sign-in" identity={null} signInOnly />
        </>
      )}
    </section>
  );
}
