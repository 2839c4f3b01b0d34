import type { ComponentChildren, FunctionComponent } from "preact";
import { useState } from "preact/hooks";

/** What a menu button shows before and after its menu's code came (MenuButton's own props). */
export interface MenuShell {
  id: string;
  class: string;
  /** The button's accessible name. */
  label: string;
  menuLabel: string;
  disabled?: boolean;
  alignEnd?: boolean;
  children: ComponentChildren;
}

/**
 * A menu button whose menu comes with its code, on the first press: until then a plain button
 * that looks the same, so the feed does not carry every post's menus (the 64 KB budget). Once
 * loaded, `Menu` stands in its place, open, and stays (closed and opened as any menu button).
 */
export function MenuOnDemand<P extends object>(
  props: MenuShell & { load: () => Promise<FunctionComponent<MenuShell & P>>; with: P },
) {
  const [Menu, setMenu] = useState<FunctionComponent<MenuShell & P> | null>(null);
  const { load, with: extra, ...shell } = props;
  if (Menu) return <Menu {...shell} {...extra} />;
  return (
    <div class="menu-anchor">
      <button
        type="button"
        class={shell.class}
        disabled={shell.disabled}
        aria-haspopup="menu"
        aria-expanded="false"
        aria-label={shell.label}
        onClick={() => void load().then((loaded) => setMenu(() => loaded))}
      >
        {shell.children}
      </button>
    </div>
  );
}
