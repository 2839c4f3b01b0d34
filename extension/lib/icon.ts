/**
 * One of Lucide's icons as inline SVG for the extension's pages (plain DOM, no framework), drawn
 * from the `lucide` package's data like the site's `Icon` component. Decorative unless the caller
 * names it: the control around it carries the name.
 */
import { createElement, type IconNode } from "lucide";

export function iconElement(icon: IconNode, size = 20): SVGElement {
  const svg = createElement(icon, { width: size, height: size, "aria-hidden": "true", focusable: "false" });
  svg.setAttribute("class", "icon");
  return svg;
}
