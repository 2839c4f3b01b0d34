import { useEffect, useState } from "preact/hooks";
import type { RelationListPage } from "../../../shared/api.ts";
import type { Account } from "../../../shared/schema/social.ts";
import { profilePath } from "../../../shared/site-paths.ts";
import { t } from "../../i18n/setup.ts";
import { callApi } from "../../lib/api.ts";
import { setRelation } from "../../lib/people.ts";
import type { Session } from "../../lib/settings.ts";

type Kind = "block" | "mute";

/**
 * Settings' lists of the accounts one blocked and muted, as the server has them, page after page,
 * each with Unblock or Unmute (queued like any action, so it works offline too).
 */
export function RelationLists({ session }: { session: Session }) {
  return (
    <>
      <RelationList session={session} kind="block" />
      <RelationList session={session} kind="mute" />
    </>
  );
}

function RelationList({ session, kind }: { session: Session; kind: Kind }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const load = (before: string | null) =>
    callApi<RelationListPage>(
      session.serverUrl,
      `/api/me/${kind}s${before ? `?before=${encodeURIComponent(before)}` : ""}`,
      {
        token: session.token,
      },
    )
      .then((page) => {
        setAccounts((shown) => [...(before ? (shown ?? []) : []), ...page.accounts]);
        setNext(page.next);
        setFailed(false);
      })
      .catch(() => setFailed(true));
  useEffect(() => void load(null), [session.token]);
  const id = `${kind}-list-title`;
  // An account taken off the list takes its button along: the focus goes to the list's heading.
  const undo = (handle: string) =>
    void setRelation(session.handle, handle, kind, false).then(() => {
      setAccounts((shown) => shown?.filter((a) => a.handle !== handle) ?? null);
      document.getElementById(id)?.focus();
    });
  return (
    <section aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {t(`relations.list.${kind}`)}
      </h2>
      {failed && (
        <p role="alert" class="error">
          {t("relations.listFailed")}
        </p>
      )}
      {accounts?.length === 0 && <p class="muted">{t(`relations.listEmpty.${kind}`)}</p>}
      {accounts && accounts.length > 0 && (
        <ul class="relation-list">
          {accounts.map((account) => (
            <li key={account.handle}>
              <a href={profilePath(account.handle)} dir="auto">
                {account.displayName || account.handle}
              </a>{" "}
              <span class="muted">@{account.handle}</span>{" "}
              <button type="button" onClick={() => undo(account.handle)}>
                {t(kind === "block" ? "relations.unblock" : "relations.unmute", { handle: account.handle })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          {t("relations.listMore")}
        </button>
      )}
    </section>
  );
}
