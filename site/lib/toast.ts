/**
 * Short messages at the bottom of the screen ("Link copied", "Your like was not saved · Retry"),
 * shown in the layout's live region (layouts/Base.astro) so screen readers read them too. Plain
 * DOM: any page and any island can call `showToast`, none has to render it.
 */
export interface ToastAction {
  label: string;
  run: () => void;
}

/** How long a toast stays; one with an action stays longer, to leave time to reach it. */
export const TOAST_MS = 5000;
export const TOAST_WITH_ACTION_MS = 10_000;
/** At most this many at once: the oldest goes first. */
const MAX_TOASTS = 3;

export function showToast(message: string, options: { action?: ToastAction; error?: boolean } = {}): void {
  const region = document.querySelector<HTMLElement>("[data-toasts]");
  if (!region) return;
  const toast = document.createElement("div");
  toast.className = options.error ? "toast toast-error" : "toast";
  const text = document.createElement("span");
  text.textContent = message;
  toast.append(text);
  const close = () => toast.remove();
  if (options.action) {
    const { label, run } = options.action;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", () => {
      close();
      run();
    });
    toast.append(button);
  }
  region.append(toast);
  while (region.childElementCount > MAX_TOASTS) region.firstElementChild?.remove();
  setTimeout(close, options.action ? TOAST_WITH_ACTION_MS : TOAST_MS);
}
