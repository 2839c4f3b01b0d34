/**
 * The popup: one button that starts (or resumes) the import, live progress from storage, and
 * Cancel. The import runs in the background and an Instagram tab, so closing the popup changes
 * nothing; reopening it shows where the import stands.
 */
import type { ImportProgress } from "../../../shared/import-progress.ts";
import { localizePage, t } from "../i18n.ts";
import { sendToBackground } from "../messages.ts";
import { isActive, watchProgress } from "../progress.ts";
import { describeList, progressHeadline } from "../progress-text.ts";

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`the popup has no #${id}`);
  return element as T;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function renderProgress(doc: Document, progress: ImportProgress): void {
  const importButton = byId<HTMLButtonElement>(doc, "import");
  const cancelButton = byId<HTMLButtonElement>(doc, "cancel");
  const lists = byId<HTMLUListElement>(doc, "lists");
  const status = byId<HTMLParagraphElement>(doc, "status");
  const active = isActive(progress);
  importButton.disabled = active;
  importButton.textContent = t(progress.status === "done" ? "importAgain" : "importFromInstagram");
  cancelButton.hidden = !active;
  const lines =
    progress.status === "idle"
      ? []
      : [
          progress.profile === "done" ? t("progressProfileDone") : t("popupProfilePending"),
          describeList("following", progress.following),
          describeList("followers", progress.followers),
        ];
  lists.replaceChildren(
    ...lines.map((text) => {
      const item = doc.createElement("li");
      item.textContent = capitalized(text);
      return item;
    }),
  );
  status.textContent = progressHeadline(progress);
}

export function mountPopup(doc: Document): void {
  localizePage(doc);
  const status = byId<HTMLParagraphElement>(doc, "status");
  const fail = (error: unknown) =>
    (status.textContent = error instanceof Error ? error.message : String(error));
  byId<HTMLButtonElement>(doc, "import").addEventListener("click", () => {
    byId<HTMLButtonElement>(doc, "import").disabled = true;
    status.textContent = t("starting");
    sendToBackground({ type: "import/start" }).catch(fail);
  });
  byId<HTMLButtonElement>(doc, "cancel").addEventListener("click", () => {
    sendToBackground({ type: "import/cancel" }).catch(fail);
  });
  watchProgress((progress) => renderProgress(doc, progress));
}
