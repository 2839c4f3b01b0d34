import { POST_MAX_UTF16, remainingPostLength } from "../../../shared/post-length.ts";
import { t, tn } from "../../i18n/setup.ts";

/** Remaining characters at which the counter turns to a warning. */
export const WARN_AT = 20;

/** What a post's text leaves of the 500 characters, as the counter under a field shows it. */
export function lengthCounter(text: string): { remaining: number; label: string; className: string } {
  // Past the size bound (megabytes pasted) the text is not segmented at all, only refused.
  const tooBig = text.length > POST_MAX_UTF16;
  const remaining = tooBig ? -1 : remainingPostLength(text);
  const label = tooBig
    ? t("composer.textTooBig")
    : remaining >= 0
      ? tn("composer.remaining", remaining)
      : tn("composer.over", -remaining);
  const className = remaining < 0 ? "counter error" : remaining <= WARN_AT ? "counter warn" : "counter muted";
  return { remaining, label, className };
}
