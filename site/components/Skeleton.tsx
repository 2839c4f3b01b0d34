import { t } from "../i18n/index.ts";

/**
 * Grey shapes where posts are about to be (drawn by the stylesheet: an avatar and three lines
 * each), instead of a blank page or a "Loading…" line, so the page keeps its layout when they
 * arrive. Screen readers hear "Loading" once.
 */
export const PostSkeletons = ({ count = 3 }: { count?: number }) => (
  <div class="skeletons" role="status">
    {/* Text, not a label: a live region announces what it contains. */}
    <span class="visually-hidden">{t("loading")}</span>
    {Array.from({ length: count }, (_, index) => (
      <div key={index} class="skeleton-post" aria-hidden="true" />
    ))}
  </div>
);
