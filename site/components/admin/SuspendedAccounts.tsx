import { useRef } from "preact/hooks";
import { absoluteTime } from "../../i18n/index.ts";
import { t } from "../../i18n/admin.ts";
import type { AdminApi } from "../../lib/admin.ts";
import { askModeration } from "./moderation-dialog.tsx";
import { Failure, MoreButton, usePages } from "./use-pages.tsx";

/**
 * The suspended accounts, by handle: those the admins suspended with Lift suspension, those their
 * own server suspended marked so (only that server lifts it). Accounts are suspended from a
 * report's card.
 */
export function SuspendedAccounts(props: { api: AdminApi; changes: number; onChange: () => void }) {
  const { api } = props;
  const {
    items: accounts,
    failure,
    more,
  } = usePages(
    (after) => api.suspended(after).then((page) => ({ items: page.accounts, next: page.next })),
    [props.changes],
  );
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="admin-suspended-title">
      <h2 id="admin-suspended-title" ref={heading} tabIndex={-1}>
        {t("admin.suspendedAccounts")}
      </h2>
      <p class="muted">{t("admin.suspendedLead")}</p>
      <Failure text={failure} />
      {accounts?.length === 0 && <p class="muted">{t("admin.noSuspended")}</p>}
      {accounts && accounts.length > 0 && (
        <ul class="relation-list">
          {accounts.map((account) => (
            <li key={account.handle}>
              <span dir="ltr">@{account.handle}</span>{" "}
              <span class="muted">
                <time dateTime={account.since}>{absoluteTime(account.since)}</time>
              </span>{" "}
              {account.by === "origin" ? (
                <span class="muted">{t("admin.suspendedByOrigin")}</span>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    askModeration(
                      api,
                      { action: "unsuspend", handle: account.handle },
                      {
                        title: t("admin.unsuspendTitle", { handle: account.handle }),
                        body: t("admin.unsuspendBody"),
                        confirm: t("admin.unsuspend"),
                        done: t("admin.unsuspended", { handle: account.handle }),
                      },
                      heading.current,
                      props.onChange,
                    )
                  }
                >
                  {t("admin.unsuspendAccount", { handle: account.handle })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <MoreButton more={more} />
    </section>
  );
}
