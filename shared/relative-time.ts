/**
 * "3 hr. ago", "yesterday", or the date past a week: how long ago a time is, as people of a
 * language say it. The site and the extension's pages each bring their own formatters (the site
 * keeps one per language) and their own word for "now".
 */
export interface RelativeTimeFormats {
  /** `Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" })` */
  relative: Intl.RelativeTimeFormat;
  /** `Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" })` */
  date: Intl.DateTimeFormat;
}

/** Under 45 seconds either way: the caller's own word for "now". */
export function relativeTime(
  iso: string,
  now: number,
  formats: RelativeTimeFormats,
  justNow: string,
): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return justNow;
  if (abs < 3600) return formats.relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return formats.relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return formats.relative.format(Math.round(seconds / 86400), "day");
  return formats.date.format(new Date(iso));
}

/** The formatters `relativeTime` takes, for `locale`. */
export function relativeTimeFormats(locale: string): RelativeTimeFormats {
  return {
    relative: new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" }),
    date: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }),
  };
}
