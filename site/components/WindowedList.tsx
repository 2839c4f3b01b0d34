import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

/** Pixels rendered above and below the viewport, so fast scrolling rarely shows a gap. */
const OVERSCAN_PX = 1200;
const ESTIMATED_HEIGHT = 160;
/** Items rendered before the first measurement: about one screen, so the first paint is quick. */
const FIRST_RENDER = 8;

interface Props<T> {
  items: T[];
  keyOf: (item: T) => string;
  render: (item: T) => ComponentChildren;
  /** Called when the person nears the end of the items, to load more. */
  onNearEnd?: () => void;
  label: string;
}

/**
 * A list that only keeps the items near the viewport in the DOM, with spacers standing in for the
 * rest at their measured (or estimated) heights, so 10,000 posts scroll like 30.
 */
export function WindowedList<T>({ items, keyOf, render, onNearEnd, label }: Props<T>) {
  const container = useRef<HTMLOListElement>(null);
  const heights = useRef(new Map<string, number>());
  const [range, setRange] = useState<[number, number]>([0, Math.min(items.length, FIRST_RENDER)]);
  const [, setMeasured] = useState(0);
  const height = (i: number) => heights.current.get(keyOf(items[i]!)) ?? ESTIMATED_HEIGHT;

  function computeRange() {
    const list = container.current;
    if (!list) return;
    const top = list.getBoundingClientRect().top;
    const from = -top - OVERSCAN_PX;
    const to = -top + innerHeight + OVERSCAN_PX;
    let offset = 0;
    let start = 0;
    while (start < items.length && offset + height(start) < from) offset += height(start++);
    let end = start;
    while (end < items.length && offset < to) offset += height(end++);
    setRange((old) => (old[0] === start && old[1] === end ? old : [start, end]));
    if (end >= items.length - 5) onNearEnd?.();
  }

  useEffect(() => {
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(computeRange);
    };
    addEventListener("scroll", onScroll, { passive: true });
    addEventListener("resize", onScroll);
    computeRange();
    return () => {
      cancelAnimationFrame(frame);
      removeEventListener("scroll", onScroll);
      removeEventListener("resize", onScroll);
    };
  });

  // Measure what was rendered; a changed height re-renders once with exact spacers.
  useLayoutEffect(() => {
    let changed = false;
    for (const element of container.current?.querySelectorAll<HTMLElement>(":scope > li[data-key]") ?? []) {
      const key = element.dataset.key!;
      const h = element.offsetHeight;
      if (h && heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    if (changed) setMeasured((n) => n + 1);
  });

  const [start, end] = [Math.min(range[0], items.length), Math.min(range[1], items.length)];
  let before = 0;
  for (let i = 0; i < start; i++) before += height(i);
  let after = 0;
  for (let i = end; i < items.length; i++) after += height(i);
  return (
    <ol class="windowed" ref={container} aria-label={label}>
      <li aria-hidden="true" class="spacer" style={{ height: `${before}px` }} />
      {items.slice(start, end).map((item) => (
        <li key={keyOf(item)} data-key={keyOf(item)}>
          {render(item)}
        </li>
      ))}
      <li aria-hidden="true" class="spacer" style={{ height: `${after}px` }} />
    </ol>
  );
}
