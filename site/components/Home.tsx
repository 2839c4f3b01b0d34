import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/index.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { readImportedProfile } from "../lib/profile.ts";
import { readUploadChoice } from "../lib/settings.ts";
import { lastSync, online, ready, replyingUnder, session, startStore } from "../lib/store.ts";
import { startSyncing } from "../lib/sync/scheduler.ts";
import { ComposerSlot } from "./composer/ComposerSlot.tsx";
import { Feed } from "./Feed.tsx";
import type { Onboarding as OnboardingView } from "./Onboarding.tsx";
import { PostSkeletons } from "./Skeleton.tsx";

/** The home page: the feed for a signed-in person, else the way in (onboarding). */
export default function Home() {
  useEffect(() => {
    void startStore();
    startSyncing();
  }, []);
  const profile = useLiveQuery(readImportedProfile, []);
  // Until the person has said yes or no to uploading their Instagram lists, the feed points them
  // to the page that asks (issue 6: offered when the account is created, or later).
  const uploadChoice = useLiveQuery(readUploadChoice, []);
  // Onboarding (bridge, export reader) is loaded only by people who need it, not by the feed.
  const [Onboarding, setOnboarding] = useState<typeof OnboardingView | null>(null);
  const signedOut = ready.value && !session.value;
  useEffect(() => {
    if (signedOut && !Onboarding)
      void import("./Onboarding.tsx").then((m) => setOnboarding(() => m.Onboarding));
  }, [signedOut]);
  if (!ready.value) return <PostSkeletons />;
  if (!session.value)
    return Onboarding && profile !== undefined ? (
      <Onboarding profile={profile} />
    ) : (
      <p class="muted">{t("loading")}</p>
    );
  const tag = new URLSearchParams(location.search).get("tag");
  return (
    <>
      {lastSync.value?.ok === false && lastSync.value.error.status === 401 && (
        <p class="banner error" role="alert">
          {t("sync.sessionEnded")}
        </p>
      )}
      {!online.value && (
        <p class="banner" role="status">
          {t("offline.banner")}
        </p>
      )}
      {profile && uploadChoice === null && (
        <p class="banner" role="status">
          <a href="/instagram/">{t("graph.findPrompt")}</a>
        </p>
      )}
      {/* A reply is written under the post it answers (Feed). */}
      {replyingUnder.value === null && <ComposerSlot />}
      <Feed tag={tag} />
    </>
  );
}
