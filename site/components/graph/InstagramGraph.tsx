import { useEffect, useState } from "preact/hooks";
import { locale } from "../../i18n/index.ts";
import { t } from "../../i18n/setup.ts";
import { readAccount } from "../../lib/authors.ts";
import { readImportedProfile } from "../../lib/profile.ts";
import { ready, session, startStore } from "../../lib/store.ts";
import { FindPeople } from "./FindPeople.tsx";
import { ProofPanel } from "./ProofPanel.tsx";

/** The Instagram page: prove the handle, upload the lists, follow the people found. */
export default function InstagramGraph() {
  const [claimed, setClaimed] = useState<string | null>(null);
  const [proven, setProven] = useState<string | null>(null);

  useEffect(() => {
    void startStore().then(async () => {
      const me = session.value ? await readAccount(session.value.handle) : undefined;
      const imported = await readImportedProfile();
      setClaimed(me?.instagram?.handle ?? imported?.handle ?? "");
      setProven(me?.instagram?.proven ? me.instagram.handle : null);
    });
  }, []);
  if (!ready.value || claimed === null) return <p class="muted">{t("loading")}</p>;
  const current = session.value;
  return (
    <div class="graph" lang={locale.value}>
      <h1>{t("graph.title")}</h1>
      {current ? (
        <>
          <ProofPanel session={current} claimed={claimed} proven={proven} />
          <FindPeople session={current} />
        </>
      ) : (
        <p>{t("graph.signInFirst")}</p>
      )}
    </div>
  );
}
