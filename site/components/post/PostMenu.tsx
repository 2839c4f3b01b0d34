import { History, Pencil, Trash2 } from "lucide";
import type { PostRow } from "../../../shared/db/schema.ts";
import { withinEditWindow } from "../../../shared/post-edit.ts";
import { t } from "../../i18n/setup.ts";
import { useLiveQuery } from "../../lib/live-query.ts";
import { relationsWith } from "../../lib/people.ts";
import { session } from "../../lib/store.ts";
import { relationItems } from "../relations/relation-items.ts";
import { MenuButton, type MenuItem } from "./MenuButton.tsx";
import type { MenuShell } from "./MenuOnDemand.tsx";
import type { OwnPostDialog } from "./own-post-dialogs.tsx";

/**
 * A post's "More" menu (PostActions shows the button). One's own post: Edit (for 15 minutes after
 * posting), its earlier versions once edited, Delete, each opening a dialog whose code comes when
 * first asked for. Someone else's: mute or block its author, report the post.
 */
const NONE = { blocking: false, muting: false };

export function PostMenu({ post, ...shell }: MenuShell & { post: PostRow }) {
  const me = session.value?.handle ?? "";
  // Until the device answers, the menu (open at once, focused) offers what a shown post's author allows.
  const relations = useLiveQuery(() => relationsWith(me, post.author), [me, post.author]) ?? NONE;
  if (post.author !== me)
    return <MenuButton {...shell} items={relationItems(me, post.author, relations, post)} />;
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
