import type { JSX, Ref } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../../i18n/index.ts";
import { readAccount } from "../../lib/authors.ts";
import { useLiveQuery } from "../../lib/live-query.ts";
import { SETTING, readSetting } from "../../lib/settings.ts";
import { composerTarget, session } from "../../lib/store.ts";
import { Avatar } from "../Avatar.tsx";
import type { Composer as FullComposer, ComposerProps } from "../Composer.tsx";

type ComposerComponent = typeof FullComposer;
let loading: Promise<ComposerComponent> | null = null;
let loaded: ComposerComponent | null = null;

/** The full composer's code, fetched once, on first use. */
function loadComposer(): Promise<ComposerComponent> {
  loading ??= import("../Composer.tsx").then(
    (module) => (loaded = module.Composer),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * The composer's row, the same in the row that stands in for it and in the composer itself: the
 * reader's own avatar beside the text field, named "What's new?".
 */
export function ComposerRow({
  field,
  ...textarea
}: { field: Ref<HTMLTextAreaElement> } & JSX.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const me = session.value;
  const mine = useLiveQuery(() => (me ? readAccount(me.handle) : null), [me?.handle]);
  return (
    <div class="composer-row">
      <Avatar url={mine?.avatarUrl} handle={me?.handle ?? ""} size={36} />
      <label for="composer-text" class="visually-hidden">
        {t("composer.label")}
      </label>
      <textarea ref={field} id="composer-text" dir="auto" {...textarea} />
    </div>
  );
}

/**
 * Where the composer goes: until it is used, only its row ("Start a post…"), whose few lines
 * ship with the page; the full composer (Composer.tsx: counter, media, mentions, shares) is
 * fetched when the row is focused, or at once when there is something to finish: a draft, a
 * share from another app, a reply or quote chosen, or the "New post" tab (`?compose`). What was
 * typed into the row meanwhile, and the focus, carry over.
 */
export function ComposerSlot(props: ComposerProps) {
  const [Full, setFull] = useState<ComposerComponent | null>(() => loaded);
  /** The code could not be fetched: the row says so, and the next focus tries again. */
  const [failed, setFailed] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const carried = useRef<{ text: string; focus: boolean }>({ text: "", focus: false });

  const open = () => {
    if (Full) return;
    setFailed(false);
    loadComposer().then(
      (component) => {
        const row = field.current;
        carried.current = { text: row?.value ?? "", focus: row !== null && document.activeElement === row };
        setFull(() => component);
      },
      () => setFailed(true),
    );
  };

  const chosen = composerTarget.value !== null;
  useEffect(() => {
    if (Full) return;
    if (chosen || new URLSearchParams(location.search).has("compose")) return open();
    // A draft or a share waiting (settings read from IndexedDB): the composer opens with it.
    void Promise.all([readSetting(SETTING.draft), readSetting(SETTING.share)]).then(
      ([draft, share]) => (draft || share || new URLSearchParams(location.search).has("share")) && open(),
    );
  }, [chosen]);

  if (Full) return <Full {...props} initialText={carried.current.text} focus={carried.current.focus} />;
  const replyTo = props.replyTo;
  return (
    <form class="composer" aria-label={t("composer.heading")} onSubmit={(e) => e.preventDefault()}>
      <ComposerRow
        field={field}
        rows={1}
        placeholder={
          failed
            ? t("composer.unavailable")
            : replyTo
              ? t("composer.replyTo", { handle: replyTo.author })
              : t("composer.start")
        }
        onFocus={open}
        onInput={open}
      />
    </form>
  );
}
