import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import { callApi } from "../../lib/api.ts";
import type { Session } from "../../lib/settings.ts";

/**
 * Settings' way to the admins' page, shown only to this server's admins (GET /api/me says who
 * is one); offline, or for anyone else, nothing.
 */
export function AdminLink({ session }: { session: Session }) {
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    void callApi<{ admin?: boolean }>(session.serverUrl, "/api/me", { token: session.token })
      .then((me) => setAdmin(me.admin === true))
      .catch(() => setAdmin(false));
  }, [session.serverUrl, session.token]);
  if (!admin) return null;
  return (
    <section aria-labelledby="moderation-title">
      <h2 id="moderation-title">{t("admin.settingsTitle")}</h2>
      <p>
        <a href="/admin/">{t("admin.settingsLink")}</a>
      </p>
    </section>
  );
}
