import { tokenizePostText } from "../../shared/post-text.ts";
import { profilePath, safeWebUrl } from "../lib/urls.ts";

/**
 * A post's text as elements: plain text stays text (never parsed as HTML), links become anchors
 * only for http(s) URLs, showing their domain, with rel="noopener nofollow ugc".
 */
export function PostText({ text }: { text: string }) {
  return (
    <p class="post-text">
      {tokenizePostText(text).map((token, i) => {
        switch (token.kind) {
          case "text":
            return token.text;
          case "link": {
            const href = safeWebUrl(token.url);
            if (!href) return token.text;
            return (
              <a key={i} href={href} rel="noopener nofollow ugc" target="_blank" title={href}>
                {displayLink(href, token.domain)}
              </a>
            );
          }
          case "hashtag":
            return (
              <a key={i} href={`/?tag=${encodeURIComponent(token.tag)}`} class="hashtag">
                {token.text}
              </a>
            );
          case "mention":
            return (
              <a key={i} href={profilePath(token.handle)} class="mention">
                {token.text}
              </a>
            );
        }
      })}
    </p>
  );
}

/** "example.com/a/long/pa…": the domain first, so a person sees where a link goes. */
function displayLink(href: string, domain: string): string {
  const url = new URL(href);
  const rest = (url.pathname === "/" ? "" : url.pathname) + url.search;
  const shown = domain + rest;
  return shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
}
