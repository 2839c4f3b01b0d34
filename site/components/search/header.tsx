import { render } from "preact";
import { SearchBox } from "./SearchBox.tsx";

/**
 * Turns the header's plain search form (which works without scripts: it opens /search/?q=) into
 * the search box with suggestions. Loaded when the form is first focused, so pages that never
 * search never load it.
 */
export function mountHeaderSearch(form: HTMLFormElement): void {
  const typed = form.querySelector("input")?.value ?? "";
  // Focus comes back to the box only if it is still there: someone tabbing on has moved past it.
  const focused = form.contains(document.activeElement);
  form.textContent = "";
  render(<SearchBox id="header-search" initial={typed} autoFocus={focused} />, form);
}
