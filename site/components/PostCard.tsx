import { useState } from "preact/hooks";
import type { AccountRow, PostRow } from "../../shared/db/schema.ts";
import type { Media } from "../../shared/schema/social.ts";
import { absoluteTime, relativeTime, t, tn } from "../i18n/index.ts";
import { retryPost, toggleInteraction, type Interaction } from "../lib/outbox.ts";
import { discardFailedPost } from "../lib/posts.ts";
import { online, openComposer, session } from "../lib/store.ts";
import { safeWebUrl } from "../lib/urls.ts";
import { profilePath, threadPath } from "../../shared/site-paths.ts";
import { Avatar } from "./Avatar.tsx";
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
            <span class="name">{name}</span>
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

function MediaGrid({ media, sensitive }: { media: Media[]; sensitive: boolean }) {
  // Sensitive media stay blurred until the reader asks for them.
  const [revealed, setRevealed] = useState(!sensitive);
  return (
    <ul class={revealed ? "media-grid" : "media-grid media-sensitive"} aria-label={t("post.media")}>
      {!revealed && (
        <li class="media-reveal">
          <button type="button" onClick={() => setRevealed(true)}>
            {t("post.sensitiveMedia")}
          </button>
        </li>
      )}
      {media.map((item) => {
        const src = safeWebUrl(item.url);
        if (!src) return null;
        return (
          <li key={item.id} inert={!revealed}>
            {item.kind === "video" ? (
              <video controls preload="metadata" src={src} poster={safeWebUrl(item.previewUrl) ?? undefined}>
                {item.alt}
              </video>
            ) : (
              <img
                src={safeWebUrl(item.previewUrl) ?? src}
                alt={item.alt}
                loading="lazy"
                decoding="async"
                width={item.width ?? undefined}
                height={item.height ?? undefined}
              />
            )}
            {item.alt && (
              <span class="alt-badge" title={item.alt} aria-hidden="true">
                ALT
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
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

function PostActions({ post }: { post: PostRow }) {
  const disabled = !session.value || post.localState !== undefined;
  const toggle = (kind: Interaction) => () => void toggleInteraction(post.id, kind);
  return (
    <div class="post-actions" role="group" aria-label={t("post.actions")}>
      <button type="button" disabled={disabled} onClick={() => openComposer("reply", post)}>
        <span aria-hidden="true">↩</span>
        <span class="visually-hidden">{t("post.reply")}, </span>
        <span class="count">{tn("post.replies", post.replyCount)}</span>
      </button>
      <button
        type="button"
        disabled={disabled}
        aria-pressed={post.reposted ?? false}
        onClick={toggle("repost")}
      >
        <span aria-hidden="true">⟳</span>
        <span class="visually-hidden">{t("post.repost")}, </span>
        <span class="count">{tn("post.reposts", post.repostCount)}</span>
      </button>
      <button type="button" disabled={disabled} onClick={() => openComposer("quote", post)}>
        <span aria-hidden="true">❝</span> {t("post.quote")}
      </button>
      <button type="button" disabled={disabled} aria-pressed={post.liked ?? false} onClick={toggle("like")}>
        <span aria-hidden="true">{post.liked ? "♥" : "♡"}</span>
        <span class="visually-hidden">{t("post.like")}, </span>
        <span class="count">{tn("post.likes", post.likeCount)}</span>
      </button>
    </div>
  );
}
