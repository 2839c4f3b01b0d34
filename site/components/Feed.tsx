import { useEffect, useState } from "preact/hooks";
import { t, tn } from "../i18n/index.ts";
import { FIRST_PAGE, readFeed, type FeedTab } from "../lib/feed.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import type { FeedItem } from "../lib/posts.ts";
import { lastSync, online, prefetchedFeed, replyingUnder, session } from "../lib/store.ts";
import { ComposerSlot } from "./composer/ComposerSlot.tsx";
import { fetchTimelinePage } from "../lib/timeline.ts";
import { PostCard } from "./PostCard.tsx";
import { WindowedList } from "./WindowedList.tsx";
import { PostSkeletons } from "./Skeleton.tsx";

const PAGE = FIRST_PAGE;

/** The feed: tabs, the newest posts from the device, and a pill for posts that arrive meanwhile. */
export function Feed({ tag }: { tag?: string | null }) {
  const me = session.value?.handle ?? null;
  const [tab, setTab] = useState<FeedTab>("everyone");
  const [limit, setLimit] = useState(PAGE);
  // Posts newer than this stay behind the pill until the person asks for them.
  const [shownUntil, setShownUntil] = useState<string | null>(null);
  // Older posts come from the server once the device has shown all it holds.
  const [older, setOlder] = useState<{
    cursor: string | null;
    loading: boolean;
    end: boolean;
    error: string | null;
  }>({ cursor: null, loading: false, end: false, error: null });
  // Sync brings what the person follows; the newest page of the tab's timeline comes from the
  // server too (Everyone holds people nobody here follows yet). The device's copy paints first.
  const syncRun = lastSync.value;
  const replyingTo = replyingUnder.value;
  useEffect(() => {
    const current = session.value;
    if (!current || !online.value || tag) return;
    fetchTimelinePage(current, { tab }, null).then(
      (next) => setOlder((o) => (o.cursor === null ? { ...o, cursor: next, end: next === null } : o)),
      () => undefined,
    );
  }, [tab, syncRun, online.value]);
  // Results say which tab they are for: right after a switch the previous tab's answer is still
  // held, and must neither show nor set the pill's anchor. The prefetched page only stands in
  // before the first answer.
  const live = useLiveQuery(
    async () => ({ tab, items: await readFeed({ tab, me, limit, tag }) }),
    [tab, me, limit, tag],
  );
  const items =
    live?.tab === tab
      ? live.items
      : live === undefined && tab === "everyone" && !tag
        ? prefetchedFeed.value
        : undefined;

  if (items === undefined) return <PostSkeletons />;
  const newest = items[0]?.post.createdAt ?? "";
  const anchor = shownUntil ?? newest;
  if (shownUntil === null && items.length > 0) setShownUntil(newest);
  const waiting = (item: FeedItem) =>
    item.post.createdAt > anchor && item.post.author !== me && item.post.localState === undefined;
  const pending = shownUntil === null ? [] : items.filter(waiting);
  const visible = pending.length ? items.filter((i) => !waiting(i)) : items;

  const switchTab = (next: FeedTab) => {
    setTab(next);
    setLimit(PAGE);
    setShownUntil(null);
    setOlder({ cursor: null, loading: false, end: false, error: null });
  };
  const loadOlder = () => {
    const current = session.value;
    if (!current || older.loading || older.end || tag) return;
    setOlder({ ...older, loading: true, error: null });
    fetchTimelinePage(current, { tab }, older.cursor).then(
      (next) => {
        setOlder({ cursor: next, loading: false, end: next === null, error: null });
        setLimit((l) => l + PAGE);
      },
      (error: Error) => setOlder({ ...older, loading: false, error: error.message }),
    );
  };
  return (
    <section class="feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading" class="visually-hidden">
        {t("feed.title")}
      </h2>
      <div class="tabs" role="group" aria-label={t("feed.tabs")}>
        {(["following", "everyone"] as const).map((name) => (
          <button type="button" key={name} aria-pressed={tab === name} onClick={() => switchTab(name)}>
            {t(`feed.${name}`)}
          </button>
        ))}
      </div>
      {pending.length > 0 && (
        <button
          type="button"
          class="pill primary"
          onClick={() => {
            setShownUntil(newest);
            scrollTo({ top: 0 });
          }}
        >
          {tn("feed.newPosts", pending.length)}
        </button>
      )}
      {visible.length === 0 ? (
        <p class="muted">{tab === "following" ? t("feed.emptyFollowing") : t("feed.empty")}</p>
      ) : (
        <WindowedList
          items={visible}
          label={t(`feed.${tab}`)}
          keyOf={(item) => item.post.id}
          render={(item) => (
            <>
              <PostCard post={item.post} author={item.author} quoted={item.quoted} />
              {replyingTo === item.post.id && <ComposerSlot />}
            </>
          )}
          onNearEnd={() => {
            // Geometric steps: scrolling through 10,000 posts takes ~15 reads, not 200.
            if (items.length >= limit) setLimit(limit + Math.max(PAGE, Math.floor(limit / 2)));
            else loadOlder();
          }}
        />
      )}
      <p class="muted" role="status">
        {older.loading ? t("feed.loadingOlder") : older.end && visible.length > 0 ? t("feed.end") : ""}
      </p>
      {older.error && (
        <p class="error">
          {t("feed.olderFailed", { reason: older.error })}{" "}
          <button type="button" onClick={loadOlder}>
            {t("post.retry")}
          </button>
        </p>
      )}
    </section>
  );
}
