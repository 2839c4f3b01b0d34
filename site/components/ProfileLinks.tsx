import { t } from "../i18n/index.ts";
import { safeWebUrl } from "../lib/urls.ts";

/**
 * A profile's links, from P92 or imported from Instagram: a link only for http(s) URLs, with
 * rel="noopener nofollow ugc" and the title or domain as its text; anything else stays text.
 */
export function ProfileLinks({ links }: { links: { title: string; url: string }[] }) {
  if (links.length === 0) return null;
  return (
    <ul class="links" aria-label={t("profile.links")}>
      {links.map((link, i) => {
        const href = safeWebUrl(link.url);
        return (
          <li key={i}>
            {href ? (
              <a href={href} rel="noopener nofollow ugc" target="_blank">
                {link.title || new URL(href).hostname}
              </a>
            ) : (
              link.url
            )}
          </li>
        );
      })}
    </ul>
  );
}
