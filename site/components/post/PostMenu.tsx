import { History, Pencil, Trash2 } from "lucide";
import type { PostRow } from "../../../shared/db/schema.ts";
import { withinEditWindow } from "../../../shared/post-edit.ts";
import { t } from "../../i18n/setup.ts";
import { MenuButton, type MenuItem } from "./MenuButton.tsx";
import type { MenuShell } from "./MenuOnDemand.tsx";
import type { OwnPostDialog } from "./own-post-dialogs.tsx";

/**
 * The "More" menu of one's own post (PostActions shows the button): Edit (for 15 minutes after
 * posting), its earlier versions once edited, Delete. Each opens a dialog, whose code comes when
 * first asked for.
 */
export function PostMenu({ post, ...shell }: MenuShell & { post: PostRow }) {
  const open = (kind: OwnPostDialog) => {
    const opener = document.activeElement;
    void import("./own-post-dialogs.tsx").then((dialogs) => dialogs.openOwnPostDialog(kind, post, opener));
  };
  const items: MenuItem[] = [];
  if (withinEditWindow(post.createdAt))
    items.push({ icon: Pencil, label: t("ownPost.edit"), run: () => open("edit") });
  if (post.editedAt)
    items.push({ icon: History, label: t("ownPost.earlierVersions"), run: () => open("history") });
  items.push({ icon: Trash2, label: t("ownPost.delete"), run: () => open("delete"), danger: true });
  return <MenuButton {...shell} items={items} />;
}
