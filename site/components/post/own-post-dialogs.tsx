import { useEffect, useState } from "preact/hooks";
import type { EarlierText } from "../../../shared/api.ts";
import type { PostRow } from "../../../shared/db/schema.ts";
import { absoluteTime } from "../../i18n/index.ts";
import { t } from "../../i18n/setup.ts";
import { callApi } from "../../lib/api.ts";
import { deleteOwnPost, editOwnPost } from "../../lib/outbox.ts";
import { online, session } from "../../lib/store.ts";
import { lengthCounter, WARN_AT } from "../composer/counter.ts";
import { ConfirmDialog } from "../confirm-dialog.tsx";
import { ModalDialog, openModal } from "../modal.tsx";

/**
 * The dialogs of one's own post's menu (PostMenu), loaded when one is asked for: delete (with
 * confirmation), edit the text, and the earlier versions of an edited post.
 */
export type OwnPostDialog = "delete" | "edit" | "history";

export function openOwnPostDialog(kind: OwnPostDialog, post: PostRow, opener: Element | null): void {
  openModal((close) => {
    const Dialog = kind === "delete" ? DeleteDialog : kind === "edit" ? EditDialog : HistoryDialog;
    return <Dialog post={post} onClose={close} />;
  }, opener);
}

interface DialogProps {
  post: PostRow;
  /** `openerGone`: the post was deleted, its menu button with it. */
  onClose: (openerGone?: boolean) => void;
}

function DeleteDialog({ post, onClose }: DialogProps) {
  return (
    <ConfirmDialog
      id="delete-post"
      title={t("ownPost.deleteTitle")}
      body={t("ownPost.deleteBody")}
      offline={t("ownPost.deleteOffline")}
      confirm={t("ownPost.delete")}
      act={() => deleteOwnPost(post.id)}
      onClose={onClose}
    />
  );
}

function EditDialog({ post, onClose }: DialogProps) {
  const [text, setText] = useState(post.text);
  const counter = lengthCounter(text);
  const empty = text.trim() === "" && post.media.length === 0;
  const canSave = text !== post.text && counter.remaining >= 0 && !empty;
  return (
    <ModalDialog id="edit-post" title={t("ownPost.editTitle")} onClose={onClose}>
      {(dismiss) => (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (canSave) void editOwnPost(post.id, text).then(dismiss);
          }}
        >
          <textarea
            class="dialog-field"
            rows={5}
            dir="auto"
            value={text}
            aria-labelledby="edit-post-title"
            aria-describedby="edit-post-hint edit-post-counter"
            onInput={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey))
                event.currentTarget.form?.requestSubmit();
            }}
          />
          <p id="edit-post-counter" class={counter.className}>
            {counter.label}
          </p>
          {/* Screen readers hear the count only near the limit, as in the composer. */}
          <p class="visually-hidden" aria-live="polite">
            {counter.remaining <= WARN_AT ? counter.label : ""}
          </p>
          <p id="edit-post-hint" class="muted">
            {t("ownPost.editHint")}
          </p>
          {!online.value && <p class="muted">{t("ownPost.editOffline")}</p>}
          <div class="dialog-actions">
            <button type="button" onClick={dismiss}>
              {t("dialog.cancel")}
            </button>
            <button type="submit" class="primary" disabled={!canSave}>
              {t("dialog.save")}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}

/** The texts an edited post had, read from the server (which keeps them for the author only). */
function HistoryDialog({ post, onClose }: DialogProps) {
  const [edits, setEdits] = useState<EarlierText[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    const me = session.value;
    if (!me) return;
    callApi<{ edits: EarlierText[] }>(me.serverUrl, `/api/posts/${encodeURIComponent(post.id)}/edits`, {
      token: me.token,
    }).then(
      (answer) => setEdits(answer.edits),
      (error: Error) => setFailure(error.message),
    );
  }, []);
  return (
    <ModalDialog id="post-history" title={t("ownPost.historyTitle")} onClose={onClose}>
      {(dismiss) => (
        <>
          <p class="muted">{t("ownPost.historyOnlyYou")}</p>
          <div role="status">
            {failure
              ? t("ownPost.historyFailed", { reason: failure })
              : edits === null && t("ownPost.historyLoading")}
          </div>
          {edits && (
            <ol class="post-history">
              <Version label={t("ownPost.historyNow")} text={post.text} />
              {edits.map((edit, index) => (
                <Version
                  key={index}
                  label={t("ownPost.historyUntil", { time: absoluteTime(edit.replacedAt) })}
                  text={edit.text}
                />
              ))}
            </ol>
          )}
          <div class="dialog-actions">
            <button type="button" autofocus onClick={dismiss}>
              {t("dialog.close")}
            </button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}

function Version({ label, text }: { label: string; text: string }) {
  return (
    <li>
      <p class="muted">{label}</p>
      <p class="post-history-text" dir="auto">
        {text}
      </p>
    </li>
  );
}
