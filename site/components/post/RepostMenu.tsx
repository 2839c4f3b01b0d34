import { Quote, Repeat2 } from "lucide";
import { Icon } from "../Icon.tsx";
import { useEffect, useRef, useState } from "preact/hooks";
import type { PostRow } from "../../../shared/db/schema.ts";
import { t, tn } from "../../i18n/index.ts";
import { toggleInteraction } from "../../lib/outbox.ts";
import { openComposer } from "../../lib/store.ts";
import { Count } from "./Count.tsx";

/**
 * The repost button and its menu (WAI-ARIA menu button): Repost (or Undo repost) and Quote.
 * Arrow keys move between the two, Home and End go to the first and last; Escape closes it and
 * focus returns to the button; a click elsewhere, or focus moving out of it, closes it.
 */
export function RepostMenu({ post, disabled }: { post: PostRow; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const reposted = post.reposted ?? false;
  const menuId = `repost-menu-${post.id}`;

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const outside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node))
        setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (run: () => void) => () => {
    close();
    run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape" || event.key === "Tab") {
      if (event.key === "Escape") event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      items[event.key === "Home" ? 0 : items.length - 1]?.focus();
    }
  };
  /**
   * Focus moved to something else (e.g. by a screen reader): the menu goes, focus stays put. Not
   * when it went nowhere: Safari and Firefox on macOS do not focus a clicked button, so a click
   * on a menu item blurs the one focused, and closing then would lose the click.
   */
  const onFocusOut = (event: FocusEvent) => {
    const to = event.relatedTarget as Node | null;
    if (to && !menu.current?.contains(to) && !button.current?.contains(to)) setOpen(false);
  };

  return (
    <div class="menu-anchor">
      <button
        ref={button}
        type="button"
        class={reposted ? "action action-repost reposted" : "action action-repost"}
        disabled={disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`${t("post.repost")}, ${tn("post.reposts", post.repostCount)}${reposted ? `, ${t("post.reposted")}` : ""}`}
        onClick={() => setOpen(!open)}
      >
        <Icon icon={Repeat2} size={19} />
        <Count value={post.repostCount} />
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          class="menu"
          role="menu"
          aria-label={t("post.repost")}
          onKeyDown={onKeyDown}
          onFocusOut={onFocusOut}
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={choose(() => void toggleInteraction(post.id, "repost"))}
          >
            <Icon icon={Repeat2} size={18} />
            {reposted ? t("post.undoRepost") : t("post.repost")}
          </button>
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={choose(() => openComposer("quote", post))}
          >
            <Icon icon={Quote} size={18} />
            {t("post.quote")}
          </button>
        </div>
      )}
    </div>
  );
}
