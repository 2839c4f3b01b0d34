import { absoluteTime } from "../../i18n/index.ts";
import { t } from "../../i18n/admin.ts";
import type { AdminApi } from "../../lib/admin.ts";
import { Failure, MoreButton, usePages } from "./use-pages.tsx";

/** What every admin did, newest first: when, who, what to what (and which report), why. */
export function ModerationLog(props: { api: AdminApi; changes: number }) {
  const {
    items: actions,
    failure,
    more,
  } = usePages(
    (before) => props.api.log(before).then((page) => ({ items: page.actions, next: page.next })),
    [props.changes],
  );
  return (
    <section aria-labelledby="admin-log-title">
      <h2 id="admin-log-title">{t("admin.log")}</h2>
      <Failure text={failure} />
      {actions?.length === 0 && <p class="muted">{t("admin.noActions")}</p>}
      {actions && actions.length > 0 && (
        <div class="admin-log-scroll">
          <table class="admin-log">
            <thead>
              <tr>
                <th scope="col">{t("admin.when")}</th>
                <th scope="col">{t("admin.who")}</th>
                <th scope="col">{t("admin.what")}</th>
                <th scope="col">{t("admin.whyColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.createdAt}>{absoluteTime(entry.createdAt)}</time>
                  </td>
                  <td>@{entry.admin}</td>
                  <td>
                    {t(`admin.did.${entry.action}`, { target: entry.target })}
                    {entry.reportId && ` (${t("admin.reportNumber", { id: entry.reportId })})`}
                  </td>
                  <td dir="auto">{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton more={more} />
    </section>
  );
}
