import { ChevronLeft, ChevronRight, X } from "lucide";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Media } from "../../../shared/schema/social.ts";
import { t } from "../../i18n/setup.ts";
import { safeWebUrl } from "../../lib/urls.ts";
import { Icon } from "../Icon.tsx";
import { openModal } from "../modal.tsx";

/** A horizontal move longer than this, in CSS pixels, is a swipe to the next or previous photo. */
const SWIPE_PX = 50;

/**
 * Shows a post's media over the page, from `index`, in a modal dialog: arrow keys or a swipe move
 * between them, the alt text is written under each, Escape or Close ends it and the focus goes
 * back to the photo that opened it.
 */
export function openLightbox(media: Media[], index: number, opener: HTMLElement): void {
  openModal((close) => <Lightbox media={media} start={index} onClose={() => close()} />, opener);
}

function Lightbox({ media, start, onClose }: { media: Media[]; start: number; onClose: () => void }) {
  const [index, setIndex] = useState(start);
  const dialog = useRef<HTMLDialogElement>(null);
  const swipeFrom = useRef<number | null>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const go = (step: number) => setIndex((at) => (at + step + media.length) % media.length);
  const item = media[index]!;
  const src = safeWebUrl(item.url);
  const many = media.length > 1;
  const position = t("lightbox.position", { n: index + 1, count: media.length });
  return (
    <dialog
      ref={dialog}
      class="lightbox"
      aria-label={many ? position : t("lightbox.label")}
      onClose={onClose}
      onKeyDown={(event) => {
        // A video's own controls take the arrow keys.
        if (!many || (event.target as Element).closest("video")) return;
        if (event.key === "ArrowRight") go(1);
        else if (event.key === "ArrowLeft") go(-1);
      }}
      onPointerDown={(event) =>
        // Dragging a video's seek bar is not a swipe.
        (swipeFrom.current = (event.target as Element).closest("video") ? null : event.clientX)
      }
      onPointerUp={(event) => {
        const from = swipeFrom.current;
        swipeFrom.current = null;
        if (from === null || !many) return;
        const moved = event.clientX - from;
        if (Math.abs(moved) > SWIPE_PX) go(moved < 0 ? 1 : -1);
      }}
    >
      <button
        type="button"
        class="lightbox-close"
        aria-label={t("lightbox.close")}
        onClick={() => dialog.current?.close()}
      >
        <Icon icon={X} size={24} />
      </button>
      <figure>
        {src &&
          (item.kind === "video" ? (
            <video controls playsInline src={src} poster={safeWebUrl(item.previewUrl) ?? undefined}>
              {item.alt}
            </video>
          ) : (
            <img src={src} alt={item.alt} draggable={false} />
          ))}
        {item.alt && <figcaption dir="auto">{item.alt}</figcaption>}
      </figure>
      {many && (
        <div class="lightbox-nav">
          <button type="button" aria-label={t("lightbox.previous")} onClick={() => go(-1)}>
            <Icon icon={ChevronLeft} size={24} />
          </button>
          <span aria-live="polite">{position}</span>
          <button type="button" aria-label={t("lightbox.next")} onClick={() => go(1)}>
            <Icon icon={ChevronRight} size={24} />
          </button>
        </div>
      )}
    </dialog>
  );
}
