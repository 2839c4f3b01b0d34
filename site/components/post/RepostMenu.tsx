import { Quote, Repeat2 } from "lucide";
import type { PostRow } from "../../../shared/db/schema.ts";
import { t } from "../../i18n/index.ts";
import { toggleInteraction } from "../../lib/outbox.ts";
import { openComposer } from "../../lib/store.ts";
import { MenuButton } from "./MenuButton.tsx";
import type { MenuShell } from "./MenuOnDemand.tsx";

/** The repost button's menu (PostActions shows the button): Repost (or Undo repost) and Quote. */
export function RepostMenu({ post, ...shell }: MenuShell & { post: PostRow }) {
  return (
    <MenuButton
      {...shell}
      items={[
        {
          icon: Repeat2,
          label: post.reposted ? t("post.undoRepost") : t("post.repost"),
          run: () => void toggleInteraction(post.id, "repost"),
        },
        { icon: Quote, label: t("post.quote"), run: () => openComposer("quote", post) },
      ]}
    />
  );
}
