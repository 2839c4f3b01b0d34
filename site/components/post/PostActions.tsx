import { Ellipsis, Heart, MessageCircle, Repeat2, Share } from "lucide";
import { Icon } from "../Icon.tsx";
import type { PostRow } from "../../../shared/db/schema.ts";
import { t, tn } from "../../i18n/index.ts";
import { toggleInteraction } from "../../lib/outbox.ts";
import { dismissActionError } from "../../lib/posts.ts";
import { openComposer, session } from "../../lib/store.ts";
import { Count } from "./Count.tsx";
import { mayAnswer, replyRule } from "./reply-rule.ts";
import { MenuOnDemand } from "./MenuOnDemand.tsx";

/**
 * Reply, repost (or quote), like and share, as icons with their counts, and More (one's own post:
 * edit, delete; someone else's: mute or block them). Each button's name says the action and the count ("Like, 3 likes"). Like
 * and repost change the post at once; the server's refusal puts them back (lib/sync/apply.ts) and
 * says so. The two menus come with their code on their first press (MenuOnDemand).
 */
export function PostActions({ post }: { post: PostRow }) {
  const disabled = !session.value || post.localState !== undefined;
  const liked = post.liked ?? false;
  const reposted = post.reposted ?? false;
  const me = session.value?.handle;
  // One's own post gets Edit and Delete (once sent); someone else's, Mute and Block.
  const menu = me !== undefined && post.localState === undefined && (post.author !== me || !post.remote);
  const limited = post.replyPolicy;
  const replyRefused = session.value !== null && !mayAnswer(post, session.value);
  const rule = `replies-${post.id}`;
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
          disabled={disabled || replyRefused}
          aria-label={`${t("post.reply")}, ${tn("post.replies", post.replyCount)}`}
          aria-describedby={limited ? rule : undefined}
          onClick={() => openComposer("reply", post)}
        >
          <Icon icon={MessageCircle} size={19} />
          <Count value={post.replyCount} />
        </button>
        <MenuOnDemand
          id={`repost-${post.id}`}
          class={reposted ? "action action-repost reposted" : "action action-repost"}
          disabled={disabled}
          label={`${t("post.repost")}, ${tn("post.reposts", post.repostCount)}${reposted ? `, ${t("post.reposted")}` : ""}`}
          menuLabel={t("post.repost")}
          load={() => import("./RepostMenu.tsx").then((module) => module.RepostMenu)}
          with={{ post }}
        >
          <Icon icon={Repeat2} size={19} />
          <Count value={post.repostCount} />
        </MenuOnDemand>
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
        {menu && (
          <MenuOnDemand
            id={`more-${post.id}`}
            class="action"
            label={t("post.more")}
            menuLabel={t("post.more")}
            alignEnd
            load={() => import("./PostMenu.tsx").then((module) => module.PostMenu)}
            with={{ post }}
          >
            <Icon icon={Ellipsis} size={19} />
          </MenuOnDemand>
        )}
      </div>
      {limited && (
        <p id={rule} class="post-replies muted">
          {replyRule(limited, post.author)}
        </p>
      )}
    </>
  );
}
