import { useEffect, useState } from "preact/hooks";
import type { NotificationsResponse } from "../../../shared/graph.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { absoluteTime, locale, relativeTime } from "../../i18n/index.ts";
import { t, tn } from "../../i18n/setup.ts";
import { ready, session, startStore } from "../../lib/store.ts";
import { SYNC_INTERVAL_MS } from "../../lib/sync/scheduler.ts";
import { profilePath, threadPath } from "../../../shared/site-paths.ts";
import { markAllRead, notifications } from "../../lib/graph-api.ts";
import { unreadCount } from "../../lib/nav.ts";
import { hiddenTest, readPosts } from "../../lib/feed.ts";
import type { Session } from "../../lib/settings.ts";
import { fetchMissingPosts } from "../../lib/timeline.ts";
import { useLiveQuery } from "../../lib/live-query.ts";
import { firstLine, groupNotifications, type NotificationGroup } from "../../lib/notification-groups.ts";
import { failureText } from "./messages.ts";

function Item({ group, excerpt }: { group: NotificationGroup; excerpt: string | undefined }) {
  const { newest, actors, read } = group;
  const others = actors.length - 1;
  const text =
    others === 0
      ? t(`notifications.${newest.kind}` as MessageKey, { actor: newest.actor })
      : tn(`notifications.group.${newest.kind}` as GroupKey, others, { actor: newest.actor });
  const href = newest.postId ? threadPath(newest.postId) : profilePath(newest.actor);
  return (
    <li class={read ? "notification" : "notification unread"}>
      {!read && <span class="badge">{t("notifications.unreadMark")}</span>}{" "}
      <div class="notification-body">
        <a href={href}>{text}</a>
        {excerpt && (
          <span class="notification-excerpt muted" dir="auto">
            {excerpt}
          </span>
        )}
      </div>
      <time class="muted" dateTime={newest.createdAt} title={absoluteTime(newest.createdAt)}>
        {relativeTime(newest.createdAt)}
      </time>
    </li>
  );
}

/**
 * Brings to the device the posts others wrote that notifications are about (replies, quotes,
 * mentions): their first line is shown, and a muted word in them hides the notification.
 */
function fetchWrittenPosts(session: Session, page: NotificationsResponse): Promise<void> {
  const kinds = new Set(["reply", "quote", "mention"]);
  return fetchMissingPosts(
    session,
    page.notifications.flatMap((n) => (n.postId && kinds.has(n.kind) ? [n.postId] : [])),
  );
}

type GroupKey = "notifications.group.like" | "notifications.group.repost" | "notifications.group.follow";

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
            unreadCount.value = answer.unread;
            setError(null);
            void fetchWrittenPosts(current, answer);
          })
          .catch((e: unknown) => setError(failureText(e)));
      void load();
      timer = setInterval(() => void load(), SYNC_INTERVAL_MS);
    });
    return () => clearInterval(timer);
  }, []);

  const groups = page ? groupNotifications(page.notifications) : [];
  const postIds = [...new Set(groups.flatMap((g) => (g.newest.postId ? [g.newest.postId] : [])))];
  // The first line of each post they are about, from the device (the reader's own posts are there,
  // others' replies, quotes and mentions are brought there); null for one the reader would rather
  // not read (a muted word), whose notification is left out.
  const excerpts = useLiveQuery(async () => {
    const [items, hide] = await Promise.all([readPosts(postIds), hiddenTest(session.value?.handle ?? null)]);
    return new Map(items.map(({ post }) => [post.id, hide(post) ? null : firstLine(post.text)] as const));
  }, [postIds.join(" ")]);
  // Those about a post the reader would rather not read (excerpt null) are left out.
  const shown = groups.filter((g) => !g.newest.postId || excerpts?.get(g.newest.postId) !== null);
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
                  const answer = await notifications(current);
                  setPage(answer);
                  unreadCount.value = answer.unread;
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
        (shown.length === 0 ? (
          <p class="muted">{t("notifications.empty")}</p>
        ) : (
          <ul class="notification-list">
            {shown.map((group) => (
              <Item
                key={group.newest.id}
                group={group}
                excerpt={group.newest.postId ? (excerpts?.get(group.newest.postId) ?? undefined) : undefined}
              />
            ))}
          </ul>
        ))}
    </div>
  );
}
