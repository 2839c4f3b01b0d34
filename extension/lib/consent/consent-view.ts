/**
 * The confirmation window a P92 site's start-import opens (lib/background/consent-prompt.ts): it
 * names the site's exact origin, as the background recorded it, and only a person's click on
 * "Allow and import" or Cancel answers. The background closes the window once answered; closing
 * it without answering is a Cancel.
 */
import { localizePage, t } from "../i18n.ts";
import { MessageFailed, sendToBackground } from "../messages.ts";

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`the consent page has no #${id}`);
  return element as T;
}

/** How long the window must have been in front before Allow takes a click. */
export const ALLOW_DELAY_MS = 700;

/**
 * Allow takes a click only once the window has been in front for a moment, so a click meant for
 * the page that opened it (a double-click, a fast second tap) cannot land on Allow; losing the
 * focus arms it again.
 */
function armAllow(doc: Document, allow: HTMLButtonElement, settled: () => boolean): void {
  const win = doc.defaultView;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    allow.disabled = true;
    clearTimeout(timer);
    timer = setTimeout(() => (allow.disabled = settled()), ALLOW_DELAY_MS);
  };
  win?.addEventListener("blur", () => {
    clearTimeout(timer);
    allow.disabled = true;
  });
  win?.addEventListener("focus", arm);
  arm();
}

export async function mountConsent(doc: Document, search: string): Promise<void> {
  localizePage(doc);
  const site = byId<HTMLElement>(doc, "site");
  const allow = byId<HTMLButtonElement>(doc, "allow");
  const cancel = byId<HTMLButtonElement>(doc, "cancel");
  const status = byId<HTMLParagraphElement>(doc, "status");
  const id = new URLSearchParams(search).get("request") ?? "";

  let settled = false;
  const gone = (error: unknown) => {
    settled = true;
    allow.disabled = true;
    cancel.disabled = true;
    status.textContent =
      error instanceof MessageFailed && error.code === "unknown-request"
        ? t("requestGone")
        : String(error instanceof Error ? error.message : error);
  };

  const answer = (allowed: boolean) => (event: MouseEvent) => {
    // A click by the person, not a script's.
    if (!event.isTrusted) return;
    settled = true;
    allow.disabled = true;
    cancel.disabled = true;
    status.textContent = t(allowed ? "startingImport" : "cancelled");
    void sendToBackground({ type: "consent/answer", id, allow: allowed }).catch(gone);
  };
  allow.addEventListener("click", answer(true));
  cancel.addEventListener("click", answer(false));

  try {
    const { origin } = await sendToBackground<{ origin: string }>({ type: "consent/get", id: id || "-" });
    site.textContent = origin;
    doc.title = t("consentWindowTitle", origin);
    armAllow(doc, allow, () => settled);
    // The safe choice has the focus: Enter alone never allows.
    cancel.focus();
  } catch (error) {
    site.textContent = t("aSite");
    gone(error);
  }
}
