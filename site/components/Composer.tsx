import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { tokenizePostText } from "../../shared/post-text.ts";
import {
  limitedReplies,
  REPLY_POLICIES,
  type LimitedReplies,
  type ReplyPolicy,
} from "../../shared/reply-policy.ts";
import { t } from "../i18n/setup.ts";
import { loadDraft, saveDraft, type SavedDraft } from "../lib/draft.ts";
import { dropSharedFiles, readShare, takeShareText } from "../lib/share.ts";
import { ACCEPTED_MEDIA_TYPES } from "../../shared/media.ts";
import { createLocalPost } from "../lib/outbox.ts";
import {
  closeComposer,
  composerTarget,
  focusComposer,
  online,
  restoreComposerTarget,
  session,
  takeComposerOpener,
  type ComposerTarget,
} from "../lib/store.ts";
import { X } from "lucide";
import { ComposerRow } from "./composer/ComposerSlot.tsx";
import { lengthCounter, WARN_AT } from "./composer/counter.ts";
import { uploaded, useAttachments } from "./composer/attachments-state.ts";
import { useSheet } from "./composer/sheet.ts";
import { Icon } from "./Icon.tsx";
import { replyRule } from "./post/reply-rule.ts";

export interface ComposerProps {
  /** The post a reply answers when none was chosen (the thread page: its main post). */
  replyTo?: { id: string; author: string; text?: string; replyPolicy?: LimitedReplies };
  /** Typed into the composer's row (ComposerSlot) while this code was fetched. */
  initialText?: string;
  /** The row had the focus: the field takes it. */
  focus?: boolean;
}

/**
 * The composer. Closed, it is one row, "Start a post…" beside the reader's avatar; once focused
 * it opens whole (a sheet on phones, in place on wide screens) until it is posted or closed
 * (Escape, its close button); closing keeps what was written. Replying, it says to whom and
 * shows the start of the post.
 */
export function Composer({ replyTo, initialText = "", focus = false }: ComposerProps) {
  const [text, setText] = useState(initialText);
  /**
   * Open (whole): from the first focus until posted or closed. Not closed when the focus merely
   * leaves: the page would move under the pointer that is pressing something else.
   */
  const [open, setOpen] = useState(focus);
  const [problems, setProblems] = useState<string[]>([]);
  const [restored, setRestored] = useState(false);
  const [replyPolicy, setReplyPolicy] = useState<ReplyPolicy>("everyone");
  const field = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const sheet = useSheet(formRef, open, () => close());
  /** What had the focus before the composer opened (a Reply button, the New post tab): it gets it back. */
  const opener = useRef<HTMLElement | null>(null);
  /** The focus coming back to the row on closing: that focus does not open the composer again. */
  const returning = useRef(false);
  /** Typed in before the saved draft was read: what was typed wins, and is saved. */
  const typed = useRef(initialText !== "");
  const chosen = composerTarget.value;
  const target: ComposerTarget | null =
    chosen ??
    (replyTo
      ? { mode: "reply", postId: replyTo.id, author: replyTo.author, ...limitedReplies(replyTo.replyPolicy) }
      : null);
  const rule = target?.mode === "reply" ? target.replyPolicy : undefined;
  const me = session.value;
  const attachments = useAttachments(me, text, setProblems);
  const { items, itemsRef, kit } = attachments;

  useLayoutEffect(() => {
    if (!focus) return;
    noteOpener(takeComposerOpener());
    const end = field.current?.value.length ?? 0;
    field.current?.focus();
    field.current?.setSelectionRange(end, end);
  }, []);

  useEffect(() => {
    void loadDraft().then((draft) => {
      if (draft && !typed.current) {
        setText(draft.text);
        setReplyPolicy(draft.replyPolicy ?? "everyone");
        // A reply or quote just chosen wins over the one the draft was for.
        if (draft.target && !composerTarget.value) restoreComposerTarget(draft.target);
        // Kept in the ref at once: a shared file added next counts these.
        attachments.replace(
          draft.media.map((m) => ({
            key: m.id,
            name: m.id,
            kind: m.kind,
            previewUrl: m.previewUrl ?? m.url,
            alt: m.alt,
            progress: 1,
            media: m,
            error: null,
            file: null,
          })),
        );
      }
      setRestored(true);
      void takeShared();
    });
    // The "New post" tab of another page opens the home page with `?compose`.
    const params = new URLSearchParams(location.search);
    if (params.has("compose")) {
      params.delete("compose");
      history.replaceState(history.state, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
      focusComposer();
    }
  }, []);

  /** What another app shared into P92 (site/sw/share.ts): its text joins the draft, its files upload. */
  async function takeShared() {
    const params = new URLSearchParams(location.search);
    if (params.has("share")) {
      if (params.get("share") === "failed") setProblems([t("composer.shareFailed")]);
      // Said once: a reload does not say it again.
      params.delete("share");
      history.replaceState(history.state, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
    }
    const share = await readShare();
    if (!share || !me) return;
    if (share.text) {
      typed.current = true;
      setText((current) => (current ? `${current}\n\n${share.text}` : share.text));
    }
    await takeShareText();
    const found = share.skipped.map((name) => t("composer.shareSkipped", { name }));
    await attachments.addPicked(
      share.files.map((shared) => ({
        key: shared.id,
        file: new File([shared.blob], shared.name, { type: shared.type }),
      })),
    );
    if (found.length > 0) setProblems((list) => [...list, ...found]);
    field.current?.focus();
  }

  // Every change is saved at once: IndexedDB writes are cheap, lost words are not.
  useEffect(() => {
    if (!restored && !typed.current) return;
    void saveDraft({ text, target: chosen, media: uploaded(items), ...limitedReplies(replyPolicy) });
  }, [text, items, chosen, restored, replyPolicy]);

  const counter = lengthCounter(text);
  const { remaining } = counter;
  const uploading = attachments.busy;
  // A failed upload is never left out silently: it is tried again or removed before posting.
  const failed = items.some((i) => i.error);
  const hasContent = text.trim().length > 0 || items.some((i) => i.media);
  const canPost = !!me && hasContent && remaining >= 0 && !uploading && !failed;
  const links = tokenizePostText(text).flatMap((tok) => (tok.kind === "link" ? [tok] : []));

  async function submit(event?: Event) {
    event?.preventDefault();
    if (!canPost || !me) return;
    await createLocalPost(me.handle, me.serverUrl, {
      text,
      media: uploaded(items),
      replyTo: target?.mode === "reply" ? target.postId : null,
      quoteOf: target?.mode === "quote" ? target.postId : null,
      ...limitedReplies(replyPolicy),
    });
    for (const item of items) URL.revokeObjectURL(item.previewUrl);
    void dropSharedFiles(items.map((item) => item.key));
    setText("");
    attachments.replace([]);
    setProblems([]);
    setReplyPolicy("everyone");
    setOpen(false);
    letTargetGo({ text: "", target: null, media: [] });
    giveFocusBack();
  }

  function noteOpener(from: Element | null) {
    opener.current =
      from instanceof HTMLElement && from !== document.body && !formRef.current?.contains(from) ? from : null;
  }

  /**
   * Back to the row, keeping what was written; an empty reply or quote is let go. The focus goes
   * back to what opened the composer, else stays on the row (without opening it again).
   */
  function close() {
    setOpen(false);
    if (chosen && !field.current?.value && itemsRef.current.length === 0)
      letTargetGo({ text: "", target: null, media: [] });
    giveFocusBack();
  }

  /** To what opened the composer, else to its row, which stays closed. */
  function giveFocusBack() {
    sheet.release();
    const back = opener.current?.isConnected ? opener.current : null;
    opener.current = null;
    if (back) {
      back.focus();
    } else if (field.current) {
      returning.current = true;
      field.current.focus();
      returning.current = false;
    }
  }

  /** Cancel: the reply or quote is let go, what was written stays as a new post's draft. */
  function cancelTarget() {
    letTargetGo({
      text: field.current?.value ?? text,
      target: null,
      media: uploaded(itemsRef.current),
      ...limitedReplies(replyPolicy),
    });
  }

  /**
   * Saves the draft as it is left, then lets the target go, in that order and at once: a reply's
   * composer leaves the page with its target before its own effects could save, and the composer
   * that takes its place reads the draft after this write (IndexedDB keeps their order).
   */
  function letTargetGo(draft: SavedDraft) {
    void saveDraft(draft);
    closeComposer();
  }

  const placeholder =
    target?.mode === "reply" ? t("composer.replyTo", { handle: target.author }) : t("composer.start");
  return (
    <form
      ref={formRef}
      class={open ? "composer open" : "composer"}
      onSubmit={submit}
      aria-labelledby="composer-heading"
      role={sheet.modal ? "dialog" : undefined}
      aria-modal={sheet.modal ? "true" : undefined}
      onKeyDown={(e) => {
        sheet.keepFocusIn(e);
        // Escape, from anywhere in it, closes the composer; what was written stays. (Escape in
        // the mention list closes only the list: it stops the key in the field.)
        if (e.key === "Escape" && open && !e.defaultPrevented) {
          e.preventDefault();
          close();
        }
      }}
      onFocusIn={() => {
        if (returning.current) return;
        // Asked for again while open (New post, Quote): that control is the one to go back to.
        const asked = takeComposerOpener();
        if (!open || asked) noteOpener(asked);
        setOpen(true);
      }}
    >
      {open && (
        <button type="button" class="composer-close" aria-label={t("composer.close")} onClick={close}>
          <Icon icon={X} size={20} />
        </button>
      )}
      <h2 id="composer-heading" class="visually-hidden">
        {target?.mode === "reply" ? t("composer.replyTo", { handle: target.author }) : t("composer.heading")}
      </h2>
      {chosen && (
        <div class="composer-target">
          <p>
            <strong>
              {t(chosen.mode === "reply" ? "composer.replyTo" : "post.quoting", { handle: chosen.author })}
            </strong>
            {chosen.excerpt && (
              <span class="composer-excerpt muted" dir="auto">
                {chosen.excerpt}
              </span>
            )}
          </p>
          <button type="button" onClick={cancelTarget}>
            {t("composer.cancel")}
          </button>
        </div>
      )}
      {open && rule && target && (
        <p id="composer-rule" class="composer-rule muted">
          {replyRule(rule, target.author)}
        </p>
      )}
      <ComposerRow
        field={field}
        rows={open ? 3 : 1}
        value={text}
        placeholder={placeholder}
        aria-describedby={`composer-heading composer-counter${open && rule ? " composer-rule" : ""}`}
        onInput={(e) => {
          typed.current = true;
          setText(e.currentTarget.value);
          setOpen(true);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
      />
      {kit && (
        <kit.MentionSuggestions
          field={field}
          text={text}
          onPick={(next, caret) => {
            typed.current = true;
            setText(next);
            // Once the field shows the new text.
            requestAnimationFrame(() => field.current?.setSelectionRange(caret, caret));
          }}
        />
      )}
      {links.length > 0 && (
        <ul class="composer-links" aria-label={t("composer.links")}>
          {links.map((link, i) => (
            <li key={i}>{link.domain}</li>
          ))}
        </ul>
      )}
      {kit && (
        <kit.Attachments
          items={items}
          onAlt={attachments.alt}
          onRemove={attachments.remove}
          onMove={attachments.move}
          onRetry={attachments.retry}
        />
      )}
      {problems.map((p, i) => (
        <p key={i} class="error" role="alert">
          {p}
        </p>
      ))}
      {failed && <p class="error">{t("composer.fixUploads")}</p>}
      {attachments.kitFailed && (
        <p class="error" role="alert">
          {t("composer.mediaUnavailable")}{" "}
          <button type="button" onClick={attachments.retryKit}>
            {t("composer.retryUpload")}
          </button>
        </p>
      )}
      <div class="composer-bar">
        <input
          id="composer-files"
          class="visually-hidden"
          type="file"
          multiple
          accept={ACCEPTED_MEDIA_TYPES}
          disabled={!online.value}
          onChange={(e) => {
            void attachments.addFiles(e.currentTarget.files);
            e.currentTarget.value = "";
          }}
        />
        <label class="button" for="composer-files">
          <span aria-hidden="true">🖼</span> <span>{t("composer.addMedia")}</span>
        </label>
        <select
          class="composer-replies"
          aria-label={t("composer.whoCanReply")}
          value={replyPolicy}
          onChange={(e) => {
            typed.current = true;
            setReplyPolicy(e.currentTarget.value as ReplyPolicy);
          }}
        >
          {REPLY_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {t(`composer.replies.${policy}`)}
            </option>
          ))}
        </select>
        <p id="composer-counter" class={counter.className}>
          {counter.label}
        </p>
        {/* Screen readers hear the count only near the limit, not at every keystroke. */}
        <p class="visually-hidden" aria-live="polite">
          {remaining <= WARN_AT ? counter.label : ""}
        </p>
        <button type="submit" class="primary" disabled={!canPost}>
          {target?.mode === "reply" ? t("composer.reply") : t("composer.post")}
        </button>
      </div>
    </form>
  );
}
