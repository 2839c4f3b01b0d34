import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";

/** Below this width the open composer is a sheet over the page (styles/app.css, the same query). */
const SHEET_QUERY = "(max-width: 47.99rem)";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The open composer on a phone is a modal sheet: a dialog to assistive technology, and Tab and
 * Shift+Tab go round inside it rather than into the dimmed page behind. On a wide screen it is
 * part of the page. Answers whether it is modal now, and the keydown handler that keeps the focus in.
 */
export function useSheet(form: RefObject<HTMLFormElement>, open: boolean) {
  const [narrow, setNarrow] = useState(() => matchMedia(SHEET_QUERY).matches);
  useEffect(() => {
    const query = matchMedia(SHEET_QUERY);
    const follow = () => setNarrow(query.matches);
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);
  const modal = open && narrow;
  const keepFocusIn = (event: KeyboardEvent) => {
    if (!modal || event.key !== "Tab" || !form.current) return;
    const inside = [...form.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (element) => element.getClientRects().length > 0,
    );
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return { modal, keepFocusIn };
}
