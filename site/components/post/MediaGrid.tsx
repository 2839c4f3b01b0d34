import { useState } from "preact/hooks";
import type { Media } from "../../../shared/schema/social.ts";
import { t } from "../../i18n/index.ts";
import { safeWebUrl } from "../../lib/urls.ts";

/** How a post's media are laid out: one at the column's width, up to four in a grid, more in a row that scrolls. */
export const mediaLayout = (count: number): "one" | "grid" | "carousel" =>
  count === 1 ? "one" : count <= 4 ? "grid" : "carousel";

/**
 * A post's photos and videos at their own proportions (the width and height the server read).
 * A photo opens larger in the lightbox (Lightbox.tsx, fetched on first use); a video plays in
 * place with the browser's controls, never by itself. Sensitive media stay blurred until asked.
 */
export function MediaGrid({ media, sensitive }: { media: Media[]; sensitive: boolean }) {
  const [revealed, setRevealed] = useState(!sensitive);
  const shown = media.filter((item) => safeWebUrl(item.url) !== null);
  const open = (index: number, opener: HTMLElement) =>
    void import("./Lightbox.tsx").then(({ openLightbox }) => openLightbox(shown, index, opener));
  return (
    <ul
      class={`media media-${mediaLayout(shown.length)}${revealed ? "" : " media-sensitive"}`}
      aria-label={t("post.media")}
    >
      {!revealed && (
        <li class="media-reveal">
          <button type="button" onClick={() => setRevealed(true)}>
            {t("post.sensitiveMedia")}
          </button>
        </li>
      )}
      {shown.map((item, index) => {
        const src = safeWebUrl(item.url)!;
        const preview = safeWebUrl(item.previewUrl);
        const ratio = item.width && item.height ? `${item.width} / ${item.height}` : undefined;
        return (
          <li key={item.id} inert={!revealed} style={ratio ? { "--ratio": ratio } : undefined}>
            {item.kind === "video" ? (
              <video
                controls
                playsInline
                preload="metadata"
                src={src}
                poster={preview ?? undefined}
                width={item.width ?? undefined}
                height={item.height ?? undefined}
              >
                {item.alt}
              </video>
            ) : (
              <button
                type="button"
                class="media-open"
                aria-label={
                  item.alt
                    ? t("post.openImageAlt", { alt: item.alt })
                    : t("post.openImage", { n: index + 1, count: shown.length })
                }
                onClick={(event) => open(index, event.currentTarget)}
              >
                <img
                  src={preview ?? src}
                  alt={item.alt}
                  loading="lazy"
                  decoding="async"
                  width={item.width ?? undefined}
                  height={item.height ?? undefined}
                />
              </button>
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
