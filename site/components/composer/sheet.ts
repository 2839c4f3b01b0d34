import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/** Below this width the open composer is a sheet over the page (styles/app.css, the same query). */
const SHEET_QUERY = "(max-width: 47.99rem)";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The open composer on a phone is a modal sheet: a dialog to assistive technology, the page
 * behind is inert (no focus, no taps, not read out), Tab and Shift+Tab go round inside it, and a
 * tap on the dimmed page closes it (`dismiss`). On a wide screen it is part of the page. Answers
 * whether it is modal now, the keydown handler that keeps the focus in, and `release`, which
 * frees the page at once (closing: the focus goes back there before the page is drawn again).
 */
export function useSheet(form: RefObject<HTMLFormElement>, open: boolean, dismiss: () => void) {
  const [narrow, setNarrow] = useState(() => matchMedia(SHEET_QUERY).matches);
  useEffect(() => {
    const query = matchMedia(SHEET_QUERY);
    const follow = () => setNarrow(query.matches);
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);
  const modal = open && narrow;
  const dismissRef = useRef(dismiss);
  dismissRef.current = dismiss;
  /** What was made inert for the sheet: freed on closing, before the focus goes back behind it. */
  const inert = useRef<Element[]>([]);
  const release = () => {
    for (const element of inert.current) element.removeAttribute("inert");
    inert.current = [];
  };
  useEffect(() => {
    const sheet = form.current;
    if (!modal || !sheet) return;
    inert.current = inertAround(sheet);
    const onTap = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || !sheet.contains(event.target)) dismissRef.current();
    };
    document.addEventListener("pointerdown", onTap);
    return () => {
      document.removeEventListener("pointerdown", onTap);
      release();
    };
  }, [modal]);
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
  return { modal, keepFocusIn, release };
}

/** Makes everything on the page inert but `element` and its ancestors; answers what it changed. */
function inertAround(element: Element): Element[] {
  const made: Element[] = [];
  for (let node = element; node.parentElement && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement.children) {
      if (sibling === node || sibling.hasAttribute("inert") || sibling instanceof HTMLScriptElement) continue;
      sibling.setAttribute("inert", "");
      made.push(sibling);
    }
  }
  return made;
}
