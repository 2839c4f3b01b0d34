import { useEffect } from "preact/hooks";
import { t } from "../i18n/index.ts";
import { db } from "../lib/db.ts";
import { withAuthors } from "../lib/feed.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { postIdFromLocation } from "../lib/page-params.ts";
import type { SitePost } from "../lib/posts.ts";
import { openComposer, ready, serverUrl, session, startStore } from "../lib/store.ts";
import { fetchThread } from "../lib/timeline.ts";
import { startSyncing } from "../lib/sync/scheduler.ts";
import { Composer } from "./Composer.tsx";
import { PostCard } from "./PostCard.tsx";

/** /post/?id=…: a post, what it answers, and its replies, oldest first. */
export default function ThreadView() {
  const id = postIdFromLocation(location);
  useEffect(() => {
    startSyncing();
    void startStore().then(() => {
      const current = session.value;
      if (id)
        fetchThread(
          { serverUrl: current?.serverUrl ?? serverUrl.value, token: current?.token ?? null },
          id,
        ).catch(() => undefined);
    });
  }, []);
  const thread = useLiveQuery(async () => {
    if (!id) return null;
    const post = (await db.posts.get(id)) as SitePost | undefined;
    if (!post) return null;
    const parent = post.replyTo ? ((await db.posts.get(post.replyTo)) as SitePost | undefined) : undefined;
    const replies = (await db.posts.where("replyTo").equals(id).sortBy("createdAt")) as SitePost[];
    const items = await withAuthors([...(parent ? [parent] : []), post, ...replies]);
    return { parent: parent ? items.shift() : undefined, main: items.shift()!, replies: items };
  }, [id]);
  if (!ready.value || thread === undefined) return <p class="muted">{t("loading")}</p>;
  if (thread === null) return <p>{t("thread.notFound")}</p>;
  const { parent, main, replies } = thread;
  return (
    <>
      <h1 class="visually-hidden">{t("thread.title")}</h1>
      {parent && <PostCard post={parent.post} author={parent.author} quoted={parent.quoted} />}
      <div class="thread-main">
        <PostCard post={main.post} author={main.author} quoted={main.quoted} />
      </div>
      {session.value && (
        <p>
          <button type="button" onClick={() => openComposer("reply", main.post)}>
            {t("post.reply")}
          </button>
        </p>
      )}
      {session.value && <Composer />}
      <section aria-labelledby="replies-title">
        <h2 id="replies-title">{t("thread.replies")}</h2>
        {replies.length === 0 ? (
          <p class="muted">{t("thread.noReplies")}</p>
        ) : (
          <ol class="replies">
            {replies.map((r) => (
              <li key={r.post.id}>
                <PostCard post={r.post} author={r.author} quoted={r.quoted} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
