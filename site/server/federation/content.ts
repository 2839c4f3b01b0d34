import { tokenizePostText } from "../../../shared/post-text.ts";

/** Where a mention in a post points: the person's profile page and their actor id. */
export interface MentionTarget {
  /** As written after the @, lower-cased: `alice` or `alice@example.social`. */
  handle: string;
  url: string;
  actorId: string;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A post's text as the HTML other servers show (ActivityStreams `content`), in the shape Mastodon
 * writes: paragraphs at blank lines, `<br>` at line breaks, links as `<a>`, hashtags as
 * `rel="tag"` links, mentions as h-card links (only those resolved to an account; the rest stay
 * text). Every piece of the text is escaped: the post is text, never markup.
 */
export function postHtml(
  text: string,
  links: { hashtag: (tag: string) => string; mentions: ReadonlyMap<string, MentionTarget> },
): string {
  const html = tokenizePostText(text)
    .map((token) => {
      switch (token.kind) {
        case "text":
          return escapeHtml(token.text).replace(/\r?\n/g, "\n");
        case "link":
          return `<a href="${escapeHtml(token.url)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(token.text)}</a>`;
        case "hashtag":
          return `<a href="${escapeHtml(links.hashtag(token.tag))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(token.tag)}</span></a>`;
        case "mention": {
          const target = links.mentions.get(token.handle);
          if (!target) return escapeHtml(token.text);
          const user = token.text.slice(1).split("@")[0]!;
          return `<span class="h-card" translate="no"><a href="${escapeHtml(target.url)}" class="u-url mention">@<span>${escapeHtml(user)}</span></a></span>`;
        }
      }
    })
    .join("");
  return html
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ""))
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, "<br>")}</p>`)
    .join("");
}
