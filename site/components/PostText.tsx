import { tokenizePostText } from "../../shared/post-text.ts";
import { safeWebUrl } from "../lib/urls.ts";
import { hashtagPath, profilePath } from "../../shared/site-paths.ts";

/**
 * A post's text as elements: plain text stays text (never parsed as HTML), links become anchors
 * only for http(s) URLs, showing their domain, with rel="noopener nofollow ugc".
 *
 * `links` are the post's links: the server's, extracted once when it stored the post, or for a
 * post still pending on this device its own reading (outbox.ts). A URL in the text that is not
 * among them stays text.
 */
export function PostText({ text, links }: { text: string; links: readonly string[] }) {
  return (
    <p class="post-text" dir="auto">
      {tokenizePostText(text).map((token, i) => {
        switch (token.kind) {
          case "text":
            return token.text;
          case "link": {
            const href = links.includes(token.url) ? safeWebUrl(token.url) : null;
            if (!href) return token.text;
            return (
              <a key={i} href={href} rel="noopener nofollow ugc" target="_blank" title={href}>
                {displayLink(href, token.domain)}
              </a>
            );
          }
          case "hashtag":
            return (
              <a key={i} href={hashtagPath(token.tag)} class="hashtag">
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
