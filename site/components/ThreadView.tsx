import { useEffect } from "preact/hooks";
import { t } from "../i18n/index.ts";
import { readThread } from "../lib/thread.ts";
import { useLiveQuery } from "../lib/live-query.ts";
import { postIdFromLocation } from "../lib/page-params.ts";
import { composerTarget, ready, serverUrl, session, startStore } from "../lib/store.ts";
import { fetchThread } from "../lib/timeline.ts";
import { startSyncing } from "../lib/sync/scheduler.ts";
import { ComposerSlot } from "./composer/ComposerSlot.tsx";
import { PostCard } from "./PostCard.tsx";
import { mayAnswer } from "./post/reply-rule.ts";
import { PostSkeletons } from "./Skeleton.tsx";

/** /post/?id=…: a post, what it answers up to the thread's start, and its replies, oldest first. */
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
  const thread = useLiveQuery(
    () => (id ? readThread(id, session.value?.handle ?? null) : null),
    [id, session.value?.handle],
  );
  if (!ready.value || thread === undefined) return <PostSkeletons count={2} />;
  if (thread === null) return <p>{t("thread.notFound")}</p>;
  const { ancestors, main, replies } = thread;
  const target = composerTarget.value;
  const replyingTo = target?.mode === "reply" ? target.postId : null;
  const replyingToOther = replyingTo !== null && replies.some((r) => r.post.id === replyingTo);
  return (
    <>
      <h1 class="visually-hidden">{t("thread.title")}</h1>
      {/* What it answers, up to the thread's start, joined to it by the thread line. */}
      <ol class="thread-line">
        {ancestors.map((a) => (
          <li key={a.post.id}>
            <PostCard post={a.post} author={a.author} quoted={a.quoted} />
          </li>
        ))}
        <li class="thread-main">
          <PostCard post={main.post} author={main.author} quoted={main.quoted} />
        </li>
      </ol>
      {/* Under the post a reply answers: the main one, unless Reply was pressed on another. */}
      {/* Also where the reader may not answer it: Quote, or Reply on what it answers, open here. */}
      {session.value && !replyingToOther && (target || mayAnswer(main.post, session.value)) && (
        <ComposerSlot replyTo={mayAnswer(main.post, session.value) ? main.post : undefined} />
      )}
      <section aria-labelledby="replies-title">
        <h2 id="replies-title">{t("thread.replies")}</h2>
        {replies.length === 0 ? (
          <p class="muted">{t("thread.noReplies")}</p>
        ) : (
          <ol class="replies thread-line">
            {replies.map((r) => (
              <li key={r.post.id}>
                <PostCard post={r.post} author={r.author} quoted={r.quoted} />
                {replyingTo === r.post.id && <ComposerSlot />}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
