import { Heart, MessageCircle, Share } from "lucide";
import { Icon } from "../Icon.tsx";
import type { PostRow } from "../../../shared/db/schema.ts";
import { t, tn } from "../../i18n/index.ts";
import { toggleInteraction } from "../../lib/outbox.ts";
import { dismissActionError } from "../../lib/posts.ts";
import { openComposer, session } from "../../lib/store.ts";
import { Count } from "./Count.tsx";
import { RepostMenu } from "./RepostMenu.tsx";

/**
 * Reply, repost (or quote), like and share, as icons with their counts. Each button's name says
 * the action and the count ("Like, 3 likes"). Like and repost change the post at once; the
 * server's refusal puts them back (lib/sync/apply.ts) and says so.
 */
export function PostActions({ post }: { post: PostRow }) {
  const disabled = !session.value || post.localState !== undefined;
  const liked = post.liked ?? false;
  return (
    <>
      {post.actionError && (
        <p class="post-state error" role="alert">
          {t("post.actionFailed", { reason: post.actionError })}{" "}
          <button type="button" onClick={() => void dismissActionError(post.id)}>
            {t("post.dismiss")}
          </button>
        </p>
      )}
      <div class="post-actions" role="group" aria-label={t("post.actions")}>
        <button
          type="button"
          class="action"
          disabled={disabled}
          aria-label={`${t("post.reply")}, ${tn("post.replies", post.replyCount)}`}
          onClick={() => openComposer("reply", post)}
        >
          <Icon icon={MessageCircle} size={19} />
          <Count value={post.replyCount} />
        </button>
        <RepostMenu post={post} disabled={disabled} />
        <button
          type="button"
          class="action action-like"
          disabled={disabled}
          aria-pressed={liked}
          aria-label={`${t("post.like")}, ${tn("post.likes", post.likeCount)}`}
          onClick={() => void toggleInteraction(post.id, "like")}
        >
          <Icon icon={Heart} size={19} filled={liked} />
          <Count value={post.likeCount} />
        </button>
        <button
          type="button"
          class="action"
          disabled={post.localState !== undefined}
          aria-label={t("post.share")}
          onClick={() => void import("./share-post.ts").then(({ sharePost }) => sharePost(post))}
        >
          <Icon icon={Share} size={19} />
        </button>
      </div>
    </>
  );
}
