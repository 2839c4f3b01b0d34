/**
 * The extension's message catalogs (extension/public/_locales), read in Node the way the browser
 * reads them, so unit tests see the very words people see. `useCatalog("en")` makes the
 * extension's `t()` answer from one catalog.
 */
import fs from "node:fs";
import path from "node:path";
import { setTranslator } from "../../../extension/lib/i18n.ts";

export type Catalog = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const LOCALES = path.resolve(import.meta.dirname, "../../../extension/public/_locales");

export const catalogLanguages = () => fs.readdirSync(LOCALES).sort();

export function readCatalog(language: string): Catalog {
  return JSON.parse(fs.readFileSync(path.join(LOCALES, language, "messages.json"), "utf8")) as Catalog;
}

/** `getMessage` as browsers do it: `$name$` is its placeholder's content, `$1` a substitution. */
export function formatMessage(catalog: Catalog, name: string, substitutions: string[]): string {
  const entry = catalog[name];
  if (!entry) return "";
  return entry.message
    .replace(/\$(\w+)\$/g, (_, placeholder: string) => {
      const content = entry.placeholders?.[placeholder.toLowerCase()]?.content ?? "";
      return content.replace(/\$(\d)/g, (_m, n: string) => substitutions[Number(n) - 1] ?? "");
    })
    .replace(/\$\$/g, "$");
}

export function useCatalog(language: string): void {
  const catalog = readCatalog(language);
  setTranslator((name, substitutions) => formatMessage(catalog, name, substitutions));
}
