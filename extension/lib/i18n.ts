/**
 * The extension's words, in the browser's language: the WebExtension i18n system reads
 * `public/_locales/<lang>/messages.json` (English, the default locale, and French) and falls back
 * to English for any other language. The catalogs are not bundled into the scripts; the browser
 * holds them. https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Internationalization
 */
import { browser } from "wxt/browser";
import type english from "../public/_locales/en/messages.json";

export type MessageName = keyof typeof english;
type Translate = (name: MessageName, substitutions: string[]) => string;

// WXT types `getMessage` from the files it generates in .wxt/, which the repository's typecheck skips.
type BrowserI18n = { getMessage(name: string, substitutions: string[]): string };
let translate: Translate = (name, substitutions) =>
  (browser.i18n as unknown as BrowserI18n).getMessage(name, substitutions);

/** The message `name`, its placeholders filled in order with `substitutions`. */
export function t(name: MessageName, ...substitutions: (string | number)[]): string {
  return translate(name, substitutions.map(String));
}

/**
 * Where no browser runs the code (unit tests in Node), something else reads the catalogs.
 * The extension itself never calls this.
 */
export function setTranslator(next: Translate): void {
  translate = next;
}

/** A count as people of the catalog's language write it: 1,200 in English, 1 200 in French. */
export const formatCount = (n: number): string => n.toLocaleString(t("numberLocale"));

/**
 * Fills an extension page from its catalog: `data-i18n="name"` sets an element's text,
 * `data-i18n-aria-label` its accessible name; `<html lang>` follows the catalog.
 */
export function localizePage(doc: Document): void {
  doc.documentElement.lang = t("languageTag");
  for (const element of doc.querySelectorAll<HTMLElement>("[data-i18n]"))
    element.textContent = t(element.dataset.i18n as MessageName);
  for (const element of doc.querySelectorAll<HTMLElement>("[data-i18n-aria-label]"))
    element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel as MessageName));
}
