import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../../i18n/admin.ts";
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
  const [loading, setLoading] = useState(false);
  // Only the latest read is shown: an older one answering late (a filter changed meanwhile) is not.
  const latest = useRef(0);
  const read = (cursor: string | null) => {
    const turn = ++latest.current;
    setLoading(true);
    load(cursor)
      .then((page) => {
        if (turn !== latest.current) return;
        setItems((shown) => [...(cursor ? (shown ?? []) : []), ...page.items]);
        setNext(page.next);
        setFailure("");
      })
      .catch((error: unknown) => {
        if (turn === latest.current) setFailure(moderationFailure(error));
      })
      .finally(() => {
        if (turn === latest.current) setLoading(false);
      });
  };
  useEffect(() => read(null), deps);
  // While a page is coming, "Show more" does nothing (pressed twice, it would add it twice).
  return { items, failure, more: next === null ? null : () => void (loading || read(next)) };
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
