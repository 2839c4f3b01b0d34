import type { IconNode } from "lucide";
import { h } from "preact";

/**
 * One of Lucide's icons as inline SVG, drawn from its shapes (the `lucide` package's data, which
 * tree-shakes to the icons used). Decorative: the control around it carries the name.
 */
export function Icon({
  icon,
  size = 20,
  filled = false,
}: {
  icon: IconNode;
  size?: number;
  filled?: boolean;
}) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? "currentColor" : "none"}
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {icon.map(([tag, attrs], index) => h(tag, { key: index, ...attrs }))}
    </svg>
  );
}
