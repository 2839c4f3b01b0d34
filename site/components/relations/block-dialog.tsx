import { t } from "../../i18n/setup.ts";
import { setRelation } from "../../lib/people.ts";
import { ConfirmDialog } from "../confirm-dialog.tsx";
import { openModal } from "../modal.tsx";

/**
 * Asks before blocking `handle`, saying what a block does; loaded when first asked for. `fromPost`:
 * the block takes the post that opened it away, so the focus then goes to the main region.
 */
export function openBlockDialog(me: string, handle: string, opener: Element | null, fromPost: boolean): void {
  openModal(
    (close) => (
      <ConfirmDialog
        id="block-account"
        title={t("relations.blockTitle", { handle })}
        body={t("relations.blockBody")}
        offline={t("relations.offline")}
        confirm={t("relations.blockConfirm")}
        act={() => setRelation(me, handle, "block", true)}
        onClose={(blocked) => close(blocked && fromPost)}
      />
    ),
    opener,
  );
}
