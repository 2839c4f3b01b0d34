/**
 * The confirmation window a P92 site's start-import opens (lib/background/consent-prompt.ts): it
 * names the site's exact origin, as the background recorded it, and only a person's click on
 * "Allow and import" or Cancel answers. The background closes the window once answered; closing
 * it without answering is a Cancel.
 */
import { MessageFailed, sendToBackground } from "../messages.ts";

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`the consent page has no #${id}`);
  return element as T;
}

export async function mountConsent(doc: Document, search: string): Promise<void> {
  const site = byId<HTMLElement>(doc, "site");
  const allow = byId<HTMLButtonElement>(doc, "allow");
  const cancel = byId<HTMLButtonElement>(doc, "cancel");
  const status = byId<HTMLParagraphElement>(doc, "status");
  const id = new URLSearchParams(search).get("request") ?? "";

  const gone = (error: unknown) => {
    allow.disabled = true;
    cancel.disabled = true;
    status.textContent =
      error instanceof MessageFailed && error.code === "unknown-request"
        ? "This request is no longer waiting for an answer. You can close this window."
        : String(error instanceof Error ? error.message : error);
  };

  const answer = (allowed: boolean) => (event: MouseEvent) => {
    // A click by the person, not a script's.
    if (!event.isTrusted) return;
    allow.disabled = true;
    cancel.disabled = true;
    status.textContent = allowed ? "Starting the import…" : "Cancelled.";
    void sendToBackground({ type: "consent/answer", id, allow: allowed }).catch(gone);
  };
  allow.addEventListener("click", answer(true));
  cancel.addEventListener("click", answer(false));

  try {
    const { origin } = await sendToBackground<{ origin: string }>({ type: "consent/get", id: id || "-" });
    site.textContent = origin;
    doc.title = `P92: allow ${origin} to start an import?`;
    allow.disabled = false;
    // The safe choice has the focus: Enter alone never allows.
    cancel.focus();
  } catch (error) {
    site.textContent = "A site";
    gone(error);
  }
}
