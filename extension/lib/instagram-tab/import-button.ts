/**
 * The "Import to P92" button shown on the signed-in person's own Instagram profile. Plain DOM in
 * a shadow root (Instagram's styles cannot reach it); every text is set with textContent.
 */
import type { ImportProgress } from "../../../shared/import-progress.ts";
import { t } from "../i18n.ts";
import { sendToBackground } from "../messages.ts";
import { isActive, watchProgress } from "../progress.ts";
import { describeProgress, progressHeadline } from "../progress-text.ts";

export const IMPORT_BUTTON_CSS = `
  .p92 { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; max-width: 320px;
    font: 14px/1.4 system-ui, sans-serif; color: #111; background: #fff; border: 1px solid #ccc;
    border-radius: 12px; padding: 12px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.15); }
  .p92 button { font: inherit; font-weight: 600; padding: 6px 12px; border-radius: 8px; border: 0;
    background: #3b5bdb; color: #fff; cursor: pointer; }
  .p92 button:disabled { opacity: 0.6; cursor: default; }
  .p92 p { margin: 8px 0 0; }
`;

/** Builds the button into `container`; returns the function that stops watching progress. */
export function mountImportButton(container: HTMLElement): () => void {
  const box = document.createElement("div");
  box.className = "p92";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = t("importToP92");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  box.append(button, status);
  container.append(box);

  button.addEventListener("click", () => {
    button.disabled = true;
    sendToBackground<ImportProgress>({ type: "import/start" }).catch((error: unknown) => {
      status.textContent = error instanceof Error ? error.message : String(error);
      button.disabled = false;
    });
  });

  return watchProgress((progress) => {
    const active = isActive(progress);
    button.disabled = active;
    button.textContent = t(active ? "importingToP92" : "importToP92");
    const headline = progressHeadline(progress);
    status.textContent =
      progress.status === "idle" ? "" : [describeProgress(progress), headline].filter(Boolean).join(". ");
  });
}
