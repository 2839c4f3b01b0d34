import { Ban, Flag, VolumeX, Volume2 } from "lucide";
import type { AccountRelations } from "../../../shared/api.ts";
import { t } from "../../i18n/setup.ts";
import { setRelation } from "../../lib/people.ts";
import { showToast } from "../../lib/toast.ts";
import type { MenuItem } from "../post/MenuButton.tsx";

/**
 * The items of a menu about someone else (a post's More, a profile's More): mute or unmute them
 * at once (with a toast that can take it back), block them after a confirmation, or unblock;
 * report the post, or them, to the admins. `post`: the menu is a post's, whose muting or blocking
 * takes the post away, its menu button with it, so the focus goes to the page's main region.
 */
export function relationItems(
  me: string,
  handle: string,
  relations: AccountRelations,
  post?: { id: string },
): MenuItem[] {
  const fromPost = post !== undefined;
  const mute = (active: boolean) => {
    void setRelation(me, handle, "mute", active).then(() => {
      if (active && fromPost) document.getElementById("main")?.focus();
      showToast(t(active ? "relations.muted" : "relations.unmuted", { handle }), {
        action: { label: t("relations.undo"), run: () => void setRelation(me, handle, "mute", !active) },
      });
    });
  };
  const block = () => {
    const opener = document.activeElement;
    void import("./block-dialog.tsx").then((dialog) => dialog.openBlockDialog(me, handle, opener, fromPost));
  };
  const report = () => {
    const opener = document.activeElement;
    void import("./report-dialog.tsx").then((dialog) =>
      dialog.openReportDialog({ handle, ...(post ? { postId: post.id } : {}) }, opener),
    );
  };
  return [
    relations.muting
      ? { icon: Volume2, label: t("relations.unmute", { handle }), run: () => mute(false) }
      : { icon: VolumeX, label: t("relations.mute", { handle }), run: () => mute(true) },
    relations.blocking
      ? {
          icon: Ban,
          label: t("relations.unblock", { handle }),
          run: () => void setRelation(me, handle, "block", false),
        }
      : { icon: Ban, label: t("relations.block", { handle }), run: block, danger: true },
    {
      icon: Flag,
      label: post ? t("report.post") : t("report.account", { handle }),
      run: report,
      danger: true,
    },
  ];
}
