import { useEffect, useMemo, useState } from "preact/hooks";
import { locale } from "../../i18n/index.ts";
import { t } from "../../i18n/admin.ts";
import { AdminApi } from "../../lib/admin.ts";
import type { Session } from "../../lib/settings.ts";
import { ready, session, startStore } from "../../lib/store.ts";
import { DomainBlocks } from "./DomainBlocks.tsx";
import { moderationFailure } from "./moderation-dialog.tsx";
import { ModerationLog } from "./ModerationLog.tsx";
import { ReportQueue } from "./ReportQueue.tsx";
import { SuspendedAccounts } from "./SuspendedAccounts.tsx";

/**
 * /admin/: the report queue, the suspended accounts, the blocked servers and the log of what admins did, for the accounts
 * P92_ADMIN_HANDLES names. Anyone else signed in is told the page is not theirs.
 */
export default function AdminPage() {
  useEffect(() => void startStore(), []);
  if (!ready.value) return <p class="muted">{t("loading")}</p>;
  return (
    <div class="admin" lang={locale.value}>
      <h1>{t("admin.title")}</h1>
      {session.value ? (
        <Moderation session={session.value} />
      ) : (
        <p>
          {t("admin.signIn")} <a href="/">{t("admin.home")}</a>
        </p>
      )}
    </div>
  );
}

function Moderation({ session: me }: { session: Session }) {
  const api = useMemo(() => new AdminApi(me), [me.serverUrl, me.token]);
  // Whether this account is an admin: asked once (the blocked servers, the smallest answer).
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const [refusal, setRefusal] = useState("");
  // Each action changes the queue, the log and maybe the servers: all three read again.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  useEffect(() => {
    void api
      .domains(null)
      .then(() => setAllowed(true))
      .catch((failure: unknown) => {
        setAllowed(false);
        setRefusal(moderationFailure(failure));
      });
  }, [api]);
  if (allowed === null) return <p class="muted">{t("loading")}</p>;
  if (!allowed) {
    return (
      <p role="alert" class="error">
        {refusal}
      </p>
    );
  }
  return (
    <>
      <p class="muted">{t("admin.lead", { handle: me.handle })}</p>
      <ReportQueue api={api} changes={changes} onChange={changed} />
      <SuspendedAccounts api={api} changes={changes} onChange={changed} />
      <DomainBlocks api={api} changes={changes} onChange={changed} />
      <ModerationLog api={api} changes={changes} />
    </>
  );
}
