import type { IconNode } from "lucide";
import { useEffect, useRef, useState } from "preact/hooks";
import { Icon } from "../Icon.tsx";
import type { MenuShell } from "./MenuOnDemand.tsx";

export interface MenuItem {
  icon: IconNode;
  label: string;
  /** Run after the menu closed and gave the focus back to its button. */
  run: () => void;
  /** Destroys something (Delete): shown in the danger colour. */
  danger?: boolean;
}

export interface MenuButtonProps extends MenuShell {
  items: MenuItem[];
}

/**
 * A button that opens a menu (WAI-ARIA menu button): arrow keys move between the items, Home and
 * End go to the first and last; Escape closes it and focus returns to the button; a click
 * elsewhere, or focus moving out of it, closes it. It comes with its code, when its stand-in
 * (MenuOnDemand) is first pressed, so it is shown open at once.
 */
export function MenuButton(props: MenuButtonProps) {
  const [open, setOpen] = useState(true);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = `menu-${props.id}`;

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
        class={props.class}
        disabled={props.disabled}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={props.label}
        onClick={() => setOpen(!open)}
      >
        {props.children}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          class={props.alignEnd ? "menu menu-end" : "menu"}
          role="menu"
          aria-label={props.menuLabel}
          onKeyDown={onKeyDown}
          onFocusOut={onFocusOut}
        >
          {props.items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              class={item.danger ? "danger" : undefined}
              onClick={() => {
                close();
                item.run();
              }}
            >
              <Icon icon={item.icon} size={18} />
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
