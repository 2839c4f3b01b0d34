import type { Media } from "../../shared/schema/social.ts";
import { t } from "../i18n/setup.ts";

/** One picked photo or video: its preview, its upload, its alt text. */
export interface Attachment {
  key: string;
  name: string;
  kind: "image" | "video";
  previewUrl: string;
  alt: string;
  /** 0..1 while uploading. */
  progress: number;
  media: Media | null;
  error: string | null;
  /** The picked file, kept so a failed upload can be tried again; null for a restored draft. */
  file: File | null;
}

interface Props {
  items: Attachment[];
  onAlt: (key: string, alt: string) => void;
  onRemove: (key: string) => void;
  onMove: (key: string, by: -1 | 1) => void;
  onRetry: (key: string) => void;
}

export function Attachments({ items, onAlt, onRemove, onMove, onRetry }: Props) {
  if (items.length === 0) return null;
  return (
    <ol class="attachments" aria-label={t("composer.media")}>
      {items.map((item, index) => (
        <li key={item.key} class="attachment">
          {item.kind === "video" ? (
            <video src={item.previewUrl} muted preload="metadata" aria-hidden="true" />
          ) : (
            <img src={item.previewUrl} alt="" />
          )}
          <div class="attachment-fields">
            <label for={`alt-${item.key}`}>{t("composer.alt")}</label>
            <input
              id={`alt-${item.key}`}
              value={item.alt}
              maxLength={1500}
              onInput={(e) => onAlt(item.key, e.currentTarget.value)}
            />
            {!item.media && !item.error && (
              <progress max={1} value={item.progress}>
                {t("composer.uploading", { name: item.name, percent: Math.round(item.progress * 100) })}
              </progress>
            )}
            {item.error && <p class="error">{t("composer.uploadFailed", { reason: item.error })}</p>}
            <div class="attachment-buttons">
              {item.error && item.file && (
                <button type="button" onClick={() => onRetry(item.key)}>
                  {t("composer.retryUpload")} <span class="visually-hidden">{item.name}</span>
                </button>
              )}
              <button type="button" disabled={index === 0} onClick={() => onMove(item.key, -1)}>
                {t("composer.moveUp")}
              </button>
              <button type="button" disabled={index === items.length - 1} onClick={() => onMove(item.key, 1)}>
                {t("composer.moveDown")}
              </button>
              <button type="button" onClick={() => onRemove(item.key)}>
                {t("composer.remove")} <span class="visually-hidden">{item.name}</span>
              </button>
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
