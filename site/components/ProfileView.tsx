import { useEffect, useState } from "preact/hooks";
import { ApiFailure } from "../../shared/api-failure.ts";
import { followListPath, profilePath } from "../../shared/site-paths.ts";
import { t, tn } from "../i18n/setup.ts";
import { readAccount } from "../lib/authors.ts";
import { fetchProfile, forgetAccount, relationsWith, setRelation } from "../lib/people.ts";
import { Ellipsis } from "lucide";
import { Icon } from "./Icon.tsx";
import { MenuOnDemand } from "./post/MenuOnDemand.tsx";
import { readAuthorPosts } from "../lib/feed.ts";
import type { FeedItem } from "../lib/posts.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { followListFromLocation, handleFromLocation } from "../lib/page-params.ts";
import { currentReader, lookUp } from "../lib/search.ts";
import { ready, session, startStore } from "../lib/store.ts";
import { fetchTimelinePage } from "../lib/timeline.ts";
import { startSyncing } from "../lib/sync/scheduler.ts";
import { safeWebUrl } from "../lib/urls.ts";
import { Avatar } from "./Avatar.tsx";
import { FollowButton } from "./FollowButton.tsx";
import { FollowLists } from "./FollowLists.tsx";
import { ProfileLinks } from "./ProfileLinks.tsx";
import { ComposerSlot } from "./composer/ComposerSlot.tsx";
import { Tabs } from "./Tabs.tsx";
import { PostCard, ServerLabel } from "./PostCard.tsx";
import { WindowedList } from "./WindowedList.tsx";
import { PostSkeletons } from "./Skeleton.tsx";

/** Where asking the server for the profile stands. */
type Asked = "pending" | "done" | "not_found" | "suspended" | "failed";

/** The profile's tabs: what they wrote, their replies, their photos and videos. */
type ProfileTab = "posts" | "replies" | "media";
const SHOWS: Record<ProfileTab, (item: FeedItem) => boolean> = {
  posts: (item) => !item.post.replyTo,
  replies: (item) => Boolean(item.post.replyTo),
  media: (item) => item.post.media.length > 0,
};

/**
 * /@handle and /@user@host: the person's header and posts, from the device, refreshed from the
 * server (which looks someone elsewhere up on their server the first time).
 */
export default function ProfileView() {
  const handle = handleFromLocation(location);
  const list = followListFromLocation(location);
  const [asked, setAsked] = useState<Asked>("pending");
  const [attempt, setAttempt] = useState(0);
  const [tab, setTab] = useState<ProfileTab>("posts");
  useEffect(() => {
    void startStore();
    startSyncing();
  }, []);
  useEffect(() => {
    if (!handle) return;
    document.title = `@${handle} · P92`;
    setAsked("pending");
    // Fresh header and latest posts from the server; the device's copy is already on screen.
    void startStore().then(async () => {
      const current = session.value;
      try {
        await fetchProfile(currentReader(), handle).catch(async (error: unknown) => {
          // Someone elsewhere this server does not know yet: it asks their server.
          const unknown = error instanceof ApiFailure && error.status === 404 && error.code !== "suspended";
          if (!(unknown && handle.includes("@") && current)) throw error;
          const found = await lookUp(current, `@${handle}`);
          // Their server may give them another host's name (a split domain): that is their page.
          if ("account" in found && found.account.handle !== handle)
            location.replace(profilePath(found.account.handle));
        });
        setAsked("done");
        if (current) {
          await fetchTimelinePage(current, { author: handle }, null);
          // Someone elsewhere: that first page read their server again, and their counts with it.
          if (handle.includes("@")) await fetchProfile(currentReader(), handle);
        }
      } catch (error) {
        const gone = error instanceof ApiFailure && error.status === 404;
        // No such account (any more), a suspended one, or one that blocked the reader: nothing of
        // it stays here.
        if (gone) await forgetAccount(handle);
        const suspended = gone && error.code === "suspended";
        setAsked((a) => (a === "done" ? a : suspended ? "suspended" : gone ? "not_found" : "failed"));
      }
    });
  }, [attempt]);
  const me = session.value?.handle ?? null;
  const account = useLiveQuery(() => (handle ? readAccount(handle) : null), [handle]);
  const relations = useLiveQuery(
    () => (me && handle && me !== handle ? relationsWith(me, handle) : null),
    [me, handle],
  );
  const posts = useLiveQuery(() => (handle ? readAuthorPosts(handle, 500) : []), [handle]);
  if (!handle) return <p role="alert">{t("profile.notFound", { handle: "" })}</p>;
  if (!account && (asked === "not_found" || asked === "failed" || asked === "suspended"))
    return (
      <div role="alert">
        <p>
          {asked === "suspended"
            ? t("profile.suspended", { handle })
            : asked === "not_found"
              ? t(handle.includes("@") ? "profile.notFoundElsewhere" : "profile.notFound", { handle })
              : t("profile.unreachable", { handle })}
        </p>
        {/* Someone elsewhere "not found" may be a server that did not answer this time. */}
        {(asked === "failed" || handle.includes("@")) && (
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            {t("profile.retry")}
          </button>
        )}
      </div>
    );
  if (list) return <FollowLists handle={handle} side={list} />;
  if (!ready.value || !account || posts === undefined) return <PostSkeletons count={2} />;
  const elsewhere = account.remote ? safeWebUrl(account.url) : null;
  const shown = posts.filter(SHOWS[tab]);
  const blocking = relations?.blocking ?? false;

  return (
    <>
      <header class="profile-header">
        <div class="profile-head">
          <Avatar url={account.avatarUrl} handle={account.handle} size={72} />
          <div>
            <h1 class="name" dir="auto">
              {account.displayName || account.handle}
              {account.instagram?.verified && (
                <span class="verified" role="img" aria-label={t("post.verified")} title={t("post.verified")}>
                  ✓
                </span>
              )}
            </h1>
            <p class="handle muted">
              @{account.handle} <ServerLabel handle={account.handle} />
            </p>
            {account.instagram && (
              <p class="muted">
                {t("profile.fromInstagram", { handle: account.instagram.handle })}{" "}
                {account.instagram.proven ? (
                  <span class="badge-proven">{t("profile.proven")}</span>
                ) : (
                  t("profile.unproven")
                )}
              </p>
            )}
          </div>
        </div>
        {account.bio && (
          <p class="bio" dir="auto">
            {account.bio}
          </p>
        )}
        <ProfileLinks links={account.links} />
        <p class="muted profile-counts">
          {tn("profile.postCount", account.postCount)} ·{" "}
          <a href={followListPath(account.handle, "followers")}>
            {tn("profile.followers", account.followerCount)}
          </a>{" "}
          ·{" "}
          <a href={followListPath(account.handle, "following")}>
            {t("profile.following", { count: account.followingCount })}
          </a>
        </p>
        <div class="profile-actions">
          {me && me !== account.handle && !blocking && <FollowButton me={me} handle={account.handle} />}
          {me === account.handle && (
            <button
              type="button"
              onClick={(event) => {
                const opener = event.currentTarget;
                void import("./profile/ProfileEditor.tsx").then((editor) =>
                  editor.openProfileEditor(account, opener),
                );
              }}
            >
              {t("profileEdit.open")}
            </button>
          )}
          {elsewhere && (
            <a href={elsewhere} rel="noopener nofollow ugc" target="_blank">
              {t("profile.viewElsewhere")}
            </a>
          )}
          {me && me !== account.handle && (
            <MenuOnDemand
              id="profile-more"
              class="action"
              label={t("relations.more", { handle: account.handle })}
              menuLabel={t("relations.more", { handle: account.handle })}
              alignEnd
              load={() => import("./relations/ProfileMenu.tsx").then((module) => module.ProfileMenu)}
              with={{ me, handle: account.handle }}
            >
              <Icon icon={Ellipsis} size={19} />
            </MenuOnDemand>
          )}
        </div>
        {me && (blocking || relations?.muting) && (
          <p class="muted relation-notice" role="status">
            {t(blocking ? "relations.blockedNotice" : "relations.mutedNotice", { handle: account.handle })}{" "}
            <button
              type="button"
              onClick={() => void setRelation(me, account.handle, blocking ? "block" : "mute", false)}
            >
              {t(blocking ? "relations.unblock" : "relations.unmute", { handle: account.handle })}
            </button>
          </p>
        )}
        {asked === "failed" && (
          <p class="muted" role="status">
            {t("profile.refreshFailed")}{" "}
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t("profile.retry")}
            </button>
          </p>
        )}
      </header>
      {me === account.handle && <ComposerSlot />}
      {!blocking && (
        <section aria-labelledby="profile-posts">
          <h2 id="profile-posts" class="visually-hidden">
            {t("profile.posts")}
          </h2>
          <Tabs
            id="profile"
            label={t("profile.tabs")}
            tabs={(["posts", "replies", "media"] as const).map((key) => ({
              key,
              label: t(`profile.tab.${key}`),
            }))}
            chosen={tab}
            onChoose={setTab}
          >
            {shown.length === 0 ? (
              <p class="empty">{t(`profile.empty.${tab}`)}</p>
            ) : (
              <WindowedList
                key={tab}
                items={shown}
                label={t(`profile.tab.${tab}`)}
                keyOf={(item) => item.post.id}
                render={(item) => <PostCard post={item.post} author={item.author} quoted={item.quoted} />}
              />
            )}
          </Tabs>
        </section>
      )}
    </>
  );
}
