import { render, type VNode } from "preact";

/**
 * Shows a modal dialog over the page, rendered apart from the islands; `content` gets the function
 * that ends it. Then the focus goes back to `opener`, or to the page's main region when the opener
 * has gone or is going (`openerGone`: a deleted post's menu button, still on the page until the
 * feed redraws).
 */
export function openModal(
  content: (close: (openerGone?: boolean) => void) => VNode,
  opener: Element | null,
): void {
  const host = document.createElement("div");
  document.body.append(host);
  const close = (openerGone = false) => {
    render(null, host);
    host.remove();
    const stays = !openerGone && opener instanceof HTMLElement && opener.isConnected;
    (stays ? opener : document.getElementById("main"))?.focus();
  };
  render(content(close), host);
}
