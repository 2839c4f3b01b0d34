import { useEffect, useState } from "preact/hooks";
import type { Notification, NotificationsResponse } from "../../../shared/graph.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { absoluteTime, locale, relativeTime } from "../../i18n/index.ts";
import { t, tn } from "../../i18n/setup.ts";
import { ready, session, startStore } from "../../lib/store.ts";
import { SYNC_INTERVAL_MS } from "../../lib/sync/scheduler.ts";
import { profilePath, threadPath } from "../../../shared/site-paths.ts";
import { markAllRead, notifications } from "../../lib/graph-api.ts";
import { failureText } from "./messages.ts";

function Item({ item }: { item: Notification }) {
  const text = t(`notifications.${item.kind}` as MessageKey, { actor: item.actor });
  const href = item.postId ? threadPath(item.postId) : profilePath(item.actor);
  return (
    <li class={item.read ? "notification" : "notification unread"}>
      {!item.read && <span class="badge">{t("notifications.unreadMark")}</span>} <a href={href}>{text}</a>{" "}
      <time class="muted" dateTime={item.createdAt} title={absoluteTime(item.createdAt)}>
        {relativeTime(item.createdAt)}
      </time>
    </li>
  );
}

/** Notifications, newest first, with the unread count; asked for again as often as sync runs. */
export default function Notifications() {
  const [page, setPage] = useState<NotificationsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    void startStore().then(() => {
      const current = session.value;
      if (!current) return;
      const load = () =>
        notifications(current)
          .then((answer) => {
            setPage(answer);
            setError(null);
          })
          .catch((e: unknown) => setError(failureText(e)));
      void load();
      timer = setInterval(() => void load(), SYNC_INTERVAL_MS);
    });
    return () => clearInterval(timer);
  }, []);

  if (!ready.value) return <p class="muted">{t("loading")}</p>;
  const current = session.value;
  if (!current) return <p>{t("graph.signInFirst")}</p>;
  return (
    <div class="notifications" lang={locale.value}>
      <h1>{t("notifications.title")}</h1>
      {page && (
        <p>
          <span data-testid="unread-count">{tn("notifications.unread", page.unread)}</span>{" "}
          {page.unread > 0 && (
            <button
              type="button"
              onClick={async () => {
                try {
                  await markAllRead(current);
                  setPage(await notifications(current));
                } catch (e) {
                  setError(failureText(e));
                }
              }}
            >
              {t("notifications.markAllRead")}
            </button>
          )}
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {page &&
        (page.notifications.length === 0 ? (
          <p class="muted">{t("notifications.empty")}</p>
        ) : (
          <ul class="notification-list">
            {page.notifications.map((item) => (
              <Item key={item.id} item={item} />
            ))}
          </ul>
        ))}
    </div>
  );
}
