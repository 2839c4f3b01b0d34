import { useEffect, useState } from "preact/hooks";
import { t, tn } from "../i18n/index.ts";
import { fetchAccount, readAccount } from "../lib/authors.ts";
import { readFeed } from "../lib/feed.ts";
import { isFollowing } from "../lib/follows.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { setFollowing } from "../lib/outbox.ts";
import { handleFromLocation } from "../lib/page-params.ts";
import { ready, serverUrl, session, startStore } from "../lib/store.ts";
import { fetchTimelinePage } from "../lib/timeline.ts";
import { startSyncing } from "../lib/sync/scheduler.ts";
import { Avatar } from "./Avatar.tsx";
import { ProfileLinks } from "./ProfileLinks.tsx";
import { Composer } from "./Composer.tsx";
import { PostCard } from "./PostCard.tsx";
import { WindowedList } from "./WindowedList.tsx";

/** /@handle: the person's header and posts, from the device, refreshed by sync. */
export default function ProfileView() {
  const handle = handleFromLocation(location);
  // "Not found" only once the server was asked: the device may simply not know the person yet.
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    void startStore();
    startSyncing();
    if (!handle) return;
    document.title = `@${handle} · P92`;
    // Fresh header and latest posts from the server; the device's copy is already on screen.
    void startStore().then(() => {
      const current = session.value;
      fetchAccount(current?.serverUrl ?? serverUrl.value, handle)
        .catch(() => undefined)
        .finally(() => setAsked(true));
      if (current) fetchTimelinePage(current, { author: handle }, null).catch(() => undefined);
    });
  }, []);
  const me = session.value?.handle ?? null;
  const account = useLiveQuery(() => (handle ? readAccount(handle) : null), [handle]);
  const following = useLiveQuery(() => (me && handle ? isFollowing(me, handle) : false), [me, handle]);
  const posts = useLiveQuery(
    () => (handle ? readFeed({ tab: "everyone", me, limit: 500, author: handle }) : []),
    [handle, me],
  );
  if (!handle || (account === null && asked)) return <p>{t("profile.notFound", { handle: handle ?? "" })}</p>;
  if (!ready.value || !account || posts === undefined) return <p class="muted">{t("loading")}</p>;

  return (
    <>
      <header class="profile-header">
        <div class="profile-head">
          <Avatar url={account.avatarUrl} handle={account.handle} size={72} />
          <div>
            <h1 class="name">
              {account.displayName || account.handle}
              {account.instagram?.verified && (
                <span class="verified" role="img" aria-label={t("post.verified")} title={t("post.verified")}>
                  ✓
                </span>
              )}
            </h1>
            <p class="handle muted">@{account.handle}</p>
            {account.instagram && (
              <p class="muted">
                {t("profile.fromInstagram", { handle: account.instagram.handle })}{" "}
                {!account.instagram.proven && t("profile.unproven")}
              </p>
            )}
          </div>
        </div>
        {account.bio && <p class="bio">{account.bio}</p>}
        <ProfileLinks links={account.links} />
        <p class="muted">
          {tn("profile.followers", account.followerCount)} ·{" "}
          {t("profile.following", { count: account.followingCount })}
        </p>
        {me && me !== account.handle && (
          <button
            type="button"
            class={following ? "" : "primary"}
            aria-pressed={following ?? false}
            onClick={() => void setFollowing(me, account.handle, !following)}
          >
            {following ? t("profile.unfollow") : t("profile.follow")}
          </button>
        )}
      </header>
      {me === account.handle && <Composer />}
      <section aria-labelledby="profile-posts">
        <h2 id="profile-posts">{t("profile.posts")}</h2>
        {posts.length === 0 ? (
          <p class="muted">{t("profile.noPosts")}</p>
        ) : (
          <WindowedList
            items={posts}
            label={t("profile.posts")}
            keyOf={(item) => item.post.id}
            render={(item) => <PostCard post={item.post} author={item.author} quoted={item.quoted} />}
          />
        )}
      </section>
    </>
  );
}
