import { effect } from "@preact/signals";
import { locale, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/en.ts";
import { applyUpdate, startAppWorker } from "./app-worker.ts";
import { startNav } from "./nav.ts";
import { startStore } from "./store.ts";

/**
 * Runs on every page: reads the stored preferences and keeps the static parts of the layout
 * (elements marked `data-i18n="key"`) and `<html lang>` in the chosen language.
 */
void startStore();
startNav();
effect(() => {
  document.documentElement.lang = locale.value;
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n as MessageKey);
  }
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel as MessageKey));
  }
  for (const element of document.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder as MessageKey);
  }
});

// "A new version of P92 is ready — Reload" (the layout's banner), once a new build is waiting.
void startAppWorker(() => {
  const banner = document.querySelector<HTMLElement>("[data-update]");
  if (!banner) return;
  banner.hidden = false;
  banner.querySelector("button")?.addEventListener("click", applyUpdate, { once: true });
});
