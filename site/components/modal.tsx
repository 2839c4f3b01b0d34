import { render, type ComponentChildren, type VNode } from "preact";
import { useEffect, useRef } from "preact/hooks";

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

/** A modal dialog named by its heading: Escape or a Cancel closes it (the `close` event). */
export function ModalDialog(props: {
  id: string;
  title: string;
  onClose: () => void;
  children: (dismiss: () => void) => ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const dismiss = () => dialog.current?.close();
  return (
    <dialog
      ref={dialog}
      class="modal-dialog"
      aria-labelledby={`${props.id}-title`}
      onClose={() => props.onClose()}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children(dismiss)}
    </dialog>
  );
}
