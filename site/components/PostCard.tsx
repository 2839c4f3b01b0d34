import { useState } from "preact/hooks";
import type { AccountRow, PostRow } from "../../shared/db/schema.ts";
import { absoluteTime, relativeTime, t } from "../i18n/index.ts";
import { retryPost } from "../lib/outbox.ts";
import { discardFailedPost } from "../lib/posts.ts";
import { online } from "../lib/store.ts";
import { safeWebUrl } from "../lib/urls.ts";
import { profilePath, threadPath } from "../../shared/site-paths.ts";
import { Avatar } from "./Avatar.tsx";
import { MediaGrid } from "./post/MediaGrid.tsx";
import { PostActions } from "./post/PostActions.tsx";
import { PostText } from "./PostText.tsx";

export interface PostCardProps {
  post: PostRow;
  author: AccountRow | undefined;
  quoted?: { post: PostRow; author: AccountRow | undefined } | null;
  /** Quoted posts are shown without their own buttons. */
  compact?: boolean;
}

/** One post: who, when, what, and what people can do with it. */
export function PostCard({ post, author, quoted, compact }: PostCardProps) {
  const headingId = `post-${post.id}-by`;
  const name = author?.displayName || post.author;
  const verified = author?.instagram?.verified ?? false;
  // A content warning hides the text and media until the reader asks for them.
  const [shown, setShown] = useState(false);
  const hidden = Boolean(post.contentWarning) && !shown;
  const original = post.remote ? safeWebUrl(post.remoteUrl) : null;
  return (
    <article
      class={compact ? "post post-compact" : "post"}
      aria-labelledby={headingId}
      data-post-id={post.id}
    >
      <Avatar url={author?.avatarUrl} handle={post.author} />
      <div class="post-body">
        <header class="post-head">
          <a href={profilePath(post.author)} id={headingId} class="post-author">
            <span class="name" dir="auto">
              {name}
            </span>
            {verified && (
              <span class="verified" role="img" aria-label={t("post.verified")} title={t("post.verified")}>
                ✓
              </span>
            )}
            <span class="handle muted">@{post.author}</span>
          </a>
          <ServerLabel handle={post.author} />
          <a href={threadPath(post.id)} class="post-time muted" title={absoluteTime(post.createdAt)}>
            <time dateTime={post.createdAt}>
              <span aria-hidden="true">{relativeTime(post.createdAt)}</span>
              <span class="visually-hidden">
                {t("post.postedAt", { time: absoluteTime(post.createdAt) })}
              </span>
            </time>
          </a>
          {post.editedAt && (
            <span class="muted" title={absoluteTime(post.editedAt)}>
              {t("post.edited")}
            </span>
          )}
          {original && (
            <a href={original} class="post-original muted" rel="noopener nofollow ugc" target="_blank">
              {t("post.original")}
            </a>
          )}
        </header>
        {post.contentWarning && (
          <p class="post-warning">
            <strong>{post.contentWarning}</strong>{" "}
            <button type="button" aria-expanded={shown} onClick={() => setShown(!shown)}>
              {shown ? t("post.hide") : t("post.show")}
            </button>
          </p>
        )}
        {hidden || (post.text && <PostText text={post.text} links={post.links} />)}
        {hidden ||
          (post.media.length > 0 && <MediaGrid media={post.media} sensitive={post.sensitive === true} />)}
        {quoted !== undefined && (
          <div class="quoted">
            {quoted ? (
              <PostCard post={quoted.post} author={quoted.author} compact />
            ) : (
              <p class="muted">{t("post.quotedMissing")}</p>
            )}
          </div>
        )}
        <LocalState post={post} />
        {!compact && <PostActions post={post} />}
      </div>
    </article>
  );
}

/** The server a handle elsewhere lives on (`user@host`), as a small label; nothing for local handles. */
export function ServerLabel({ handle }: { handle: string }) {
  const host = handle.split("@")[1];
  return host ? <span class="server-label">{host}</span> : null;
}

function LocalState({ post }: { post: PostRow }) {
  if (post.localState === "sending")
    return (
      <p class="post-state muted" role="status">
        {online.value ? t("post.sending") : t("post.queued")}
      </p>
    );
  if (post.localState === "failed")
    return (
      <div class="post-state error" role="alert">
        <p>{t("post.failed", { reason: post.localError ?? t("error.unknown") })}</p>
        <button type="button" onClick={() => void retryPost(post.id)}>
          {t("post.retry")}
        </button>{" "}
        <button type="button" onClick={() => void discardFailedPost(post.id)}>
          {t("post.discard")}
        </button>
      </div>
    );
  return null;
}
