import { useEffect, useState } from "preact/hooks";
import { createBridgeClient, type BridgeClient } from "../lib/bridge-client.ts";
import type { ProfileRow } from "../../shared/db/schema.ts";
import { t } from "../i18n/setup.ts";
import { CreateAccount } from "./onboarding/CreateAccount.tsx";
import { ExportImport } from "./onboarding/ExportImport.tsx";
import { ExtensionImport } from "./onboarding/ExtensionImport.tsx";
import { InstallExtension } from "./onboarding/InstallExtension.tsx";
import { ProfilePreview } from "./onboarding/ProfilePreview.tsx";

type Detection = "detecting" | "absent" | "present";

/** The way in: find the extension, import from Instagram (or an export), create the account. */
export function Onboarding({ profile }: { profile: ProfileRow | null }) {
  const [detection, setDetection] = useState<Detection>("detecting");
  const [bridge, setBridge] = useState<BridgeClient | null>(null);

  useEffect(() => {
    const client = createBridgeClient(window);
    setBridge(client);
    client.hello().then(
      () => setDetection("present"),
      () => setDetection("absent"),
    );
    return () => client.close();
  }, []);

  return (
    <section class="onboarding" aria-labelledby="onboarding-title">
      <h2 id="onboarding-title">{t("onboarding.title")}</h2>
      <p>{t("onboarding.lead")}</p>
      {profile ? (
        <>
          <ProfilePreview profile={profile} />
          <CreateAccount key="create" profile={profile} />
        </>
      ) : detection === "detecting" ? (
        <p class="muted" role="status">
          {t("onboarding.detecting")}
        </p>
      ) : (
        <>
          {detection === "present" && bridge ? <ExtensionImport bridge={bridge} /> : <InstallExtension />}
          <ExportImport />
          <CreateAccount key="sign-in" profile={null} signInOnly />
        </>
      )}
    </section>
  );
}
