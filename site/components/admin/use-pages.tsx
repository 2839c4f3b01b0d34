import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/setup.ts";
import { moderationFailure } from "./moderation-dialog.tsx";

/** One page of a list the server answers, and where the next one starts (null: the last). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * A list read page after page: the first page again whenever `deps` change (an action was taken,
 * a filter changed), then `more` appends the next. A failure is said in the admin's language.
 */
export function usePages<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failure, setFailure] = useState("");
  const read = (cursor: string | null) =>
    load(cursor)
      .then((page) => {
        setItems((shown) => [...(cursor ? (shown ?? []) : []), ...page.items]);
        setNext(page.next);
        setFailure("");
      })
      .catch((error: unknown) => setFailure(moderationFailure(error)));
  useEffect(() => void read(null), deps);
  return { items, failure, more: next === null ? null : () => void read(next) };
}

/** The list's failure (an alert), if any. */
export function Failure({ text }: { text: string }) {
  return text ? (
    <p role="alert" class="error">
      {text}
    </p>
  ) : null;
}

/** "Show more", while there is more. */
export function MoreButton({ more }: { more: (() => void) | null }) {
  return more ? (
    <button type="button" onClick={more}>
      {t("admin.more")}
    </button>
  ) : null;
}
