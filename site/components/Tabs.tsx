import { useRef } from "preact/hooks";
import type { ComponentChildren } from "preact";

/**
 * Tabs (the WAI-ARIA pattern): a row of tabs, the chosen one's panel below. Arrow keys, Home and
 * End move between tabs and choose them; Tab goes on into the panel.
 */
export function Tabs<T extends string>({
  id,
  label,
  tabs,
  chosen,
  onChoose,
  children,
}: {
  id: string;
  label: string;
  tabs: readonly { key: T; label: string }[];
  chosen: T;
  onChoose: (key: T) => void;
  children: ComponentChildren;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.findIndex((tab) => tab.key === chosen);
    const next =
      event.key === "ArrowRight"
        ? (at + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (at - 1 + tabs.length) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    onChoose(tabs[next]!.key);
    list.current?.querySelectorAll<HTMLElement>("[role=tab]")[next]?.focus();
  };
  return (
    <>
      <div ref={list} class="tab-list" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.key}`}
            aria-selected={tab.key === chosen}
            aria-controls={`${id}-panel`}
            tabIndex={tab.key === chosen ? 0 : -1}
            onClick={() => onChoose(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {/* Focusable, as in the WAI-ARIA tabs pattern: Tab from the tabs reaches the panel even when
          it holds nothing focusable (an empty list says so in text). */}
      <div id={`${id}-panel`} role="tabpanel" tabIndex={0} aria-labelledby={`${id}-tab-${chosen}`}>
        {children}
      </div>
    </>
  );
}
