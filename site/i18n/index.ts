import { signal } from "@preact/signals";
import { en, type Catalog, type MessageKey } from "./en.ts";
import { relativeTime as sharedRelativeTime, relativeTimeFormats } from "../../shared/relative-time.ts";

export type Locale = "en" | "fr";
export const LOCALES: readonly Locale[] = ["en", "fr"];

/**
 * English is in every page's scripts, but for the strings of getting set up, which come with the
 * parts that show them (setup.ts); another language's catalog is fetched whole, only by those who
 * read it (a page would otherwise carry every language, read or not).
 */
const english: Partial<Catalog> = { ...en };
const catalogs: Partial<Record<Locale, Partial<Catalog>>> = { en: english };

/** English strings of a part loaded later (see setup.ts). */
export function addEnglish(messages: Partial<Catalog>): void {
  Object.assign(english, messages);
}
const load: Record<Exclude<Locale, "en">, () => Promise<Catalog>> = {
  fr: () => import("./fr.ts").then((module) => module.fr),
};

/** The first of the browser's languages that P92 speaks; English otherwise. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "fr" || base === "en") return base;
  }
  return "en";
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/**
 * The language the screen is in: English until `showLocale` has the reader's catalog (lib/store.ts
 * asks for it before the islands are `ready`; settings can pin one, see setLocale there).
 */
export const locale = signal<Locale>("en");

let latest: Locale = "en";

/**
 * Switches the screen to `wanted` once its catalog is here. The last call wins, whichever catalog
 * arrives first; a catalog that cannot be fetched (offline before it was ever cached) leaves the
 * screen in the language it is in, rather than without words.
 */
export async function showLocale(wanted: Locale): Promise<void> {
  latest = wanted;
  if (wanted !== "en" && !catalogs[wanted]) {
    try {
      catalogs[wanted] = await load[wanted]();
    } catch (error) {
      console.warn(`p92: the "${wanted}" messages could not be fetched; the screen stays as it is`, error);
      return;
    }
  }
  if (latest === wanted) locale.value = wanted;
}

export function browserLocale(): Locale {
  return pickLocale(browserLanguages());
}

type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; numbers are written the language's way ("1,234", "1 234"). */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === "number"
      ? cached("number", () => new Intl.NumberFormat(locale.value)).format(value)
      : String(value);
  });
}

/** A translated string in the current language. */
export function t(key: MessageKey, params?: Params): string {
  // A string whose part did not add it (a bug) shows its key rather than nothing.
  return format(catalogs[locale.value]?.[key] ?? english[key] ?? key, params);
}

/** Intl objects are costly to build (a feed page would build hundreds): one per kind and language. */
const formatters = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  const full = `${locale.value}:${key}`;
  let value = formatters.get(full) as T | undefined;
  if (value === undefined) formatters.set(full, (value = make()));
  return value;
}

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;

/** A translated string whose wording depends on `count` ("1 reply", "2 replies"). */
export function tn(base: PluralBase, count: number, params: Params = {}): string {
  const rules = cached("plural", () => new Intl.PluralRules(locale.value));
  const rule = rules.select(count) === "one" ? "one" : "other";
  const number = cached("number", () => new Intl.NumberFormat(locale.value)).format(count);
  return t(`${base}_${rule}` as MessageKey, { ...params, count: number });
}

/** "3 min ago", "yesterday": for the eye; the absolute time goes in the title and datetime. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  return sharedRelativeTime(
    iso,
    now,
    cached("relative", () => relativeTimeFormats(locale.value)),
    t("time.now"),
  );
}

export function absoluteTime(iso: string): string {
  return cached(
    "absolute",
    () => new Intl.DateTimeFormat(locale.value, { dateStyle: "full", timeStyle: "short" }),
  ).format(new Date(iso));
}
