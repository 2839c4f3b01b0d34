import { useRef } from "preact/hooks";
import { t } from "../i18n/setup.ts";
import { online } from "../lib/store.ts";
import { ModalDialog } from "./modal.tsx";

/**
 * A dialog that asks before something that cannot be taken back lightly (deleting a post,
 * blocking someone): Cancel is focused first; `act` runs on the danger button, and the dialog
 * then closes with `onClose(true)` (`false` when dismissed). Offline, it says when it happens.
 */
export function ConfirmDialog(props: {
  id: string;
  title: string;
  body: string;
  /** What happens when the device is offline. */
  offline: string;
  confirm: string;
  act: () => Promise<void>;
  onClose: (done: boolean) => void;
}) {
  const done = useRef(false);
  return (
    <ModalDialog id={props.id} title={props.title} onClose={() => props.onClose(done.current)}>
      {(dismiss) => (
        <>
          <p>{props.body}</p>
          {!online.value && <p class="muted">{props.offline}</p>}
          <div class="dialog-actions">
            <button type="button" autofocus onClick={dismiss}>
              {t("dialog.cancel")}
            </button>
            <button
              type="button"
              class="danger-button"
              onClick={() =>
                void props.act().then(() => {
                  done.current = true;
                  dismiss();
                })
              }
            >
              {props.confirm}
            </button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
