import { parseFragment, type DefaultTreeAdapterMap } from "parse5";
import { isWebUrl } from "../../../shared/schema/common.ts";
import { withoutControlCharacters } from "../../../shared/post-length.ts";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Elements that make a paragraph of their own. */
const BLOCKS = new Set([
  ..."p div blockquote li ul ol pre section article header footer aside figure table tr".split(" "),
  ..."h1 h2 h3 h4 h5 h6".split(" "),
]);
/** Elements whose content is not text a person wrote to be read: dropped with all they hold. */
const DROPPED = new Set(
  "script style template noscript iframe object embed svg math head title img video audio picture source canvas textarea select button input form".split(
    " ",
  ),
);
/** Marks a paragraph break while walking: control characters are removed from the text itself. */
const PARAGRAPH = "\u0000";
/**
 * What is parsed of a document's HTML: far more than any text kept from it (a note is cut at
 * 20,000 code units, a bio at 500), and a bound on the work one document can cause.
 */
export const MAX_HTML = 256 * 1024;

export interface HtmlToTextOptions {
  /** The object's `Mention` tags: link → the account's `user@host`. */
  mentions?: ReadonlyMap<string, string>;
  /** The handle of someone on this server a mention link (to their profile page) names. */
  localMention?: (href: string) => string | null;
}

/**
 * Another server's HTML (a note's content, a bio) as P92's text model: text, line and paragraph
 * breaks, links as their URL (found again in the text like any link), mentions as `@user@host`,
 * hashtags as `#tag`. Everything else (markup, attributes, scripts, images) is dropped, so nothing
 * of it can ever act as HTML: the result is plain text. The walk is a loop, not recursion, so
 * deeply nested markup cannot exhaust the stack.
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const out: string[] = [];
  const fragment = parseFragment(html.slice(0, MAX_HTML));
  const stack: (Node | { emit: string })[] = [...fragment.childNodes].reverse();
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ("emit" in step) out.push(step.emit);
    else if (step.nodeName === "#text") out.push(collapse((step as DefaultTreeAdapterMap["textNode"]).value));
    else if (!isElement(step) || DROPPED.has(step.tagName)) continue;
    else if (step.tagName === "br") out.push("\n");
    else if (step.tagName === "a") out.push(linkText(step, options));
    else {
      if (BLOCKS.has(step.tagName)) {
        out.push(PARAGRAPH);
        stack.push({ emit: PARAGRAPH });
      }
      stack.push(...[...step.childNodes].reverse());
    }
  }
  return tidy(out.join(""));
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

/** HTML's whitespace between words: any run is one space. */
function collapse(text: string): string {
  return withoutControlCharacters(text).replace(/[\t\n\r\f ]+/g, " ");
}

/**
 * Each run of whitespace and paragraph marks, in one linear pass: a paragraph break or two line
 * breaks make a blank line, one line break stays, anything else is one space.
 */
function tidy(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- NUL is the paragraph mark (PARAGRAPH)
      .replace(/[\s\u0000]+/g, (run) => {
        if (run.includes(PARAGRAPH) || run.indexOf("\n") !== run.lastIndexOf("\n")) return "\n\n";
        return run.includes("\n") ? "\n" : " ";
      })
      .trim()
  );
}

/** The text of an element's descendants (Mastodon hides part of a long URL in invisible spans). */
function textContent(element: Element): string {
  const parts: string[] = [];
  const stack: Node[] = [...element.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === "#text") parts.push((node as DefaultTreeAdapterMap["textNode"]).value);
    else if (isElement(node) && !DROPPED.has(node.tagName)) stack.push(...[...node.childNodes].reverse());
  }
  return collapse(parts.join("")).trim();
}

/**
 * A link as text. A mention becomes `@user@host` (from the object's tags, or else from the link's
 * host), a hashtag stays `#tag`, a link whose text is its URL becomes the URL, and a link with other
 * words keeps them followed by the URL. Only http(s) URLs are kept: `javascript:` and `data:` links
 * leave their words only.
 */
function linkText(link: Element, options: HtmlToTextOptions): string {
  const text = textContent(link);
  const href = link.attrs.find((attr) => attr.name === "href")?.value.trim() ?? "";
  const classes = (link.attrs.find((attr) => attr.name === "class")?.value ?? "").split(/\s+/);
  const known = options.mentions?.get(href);
  if (known) return `@${known}`;
  if (!isWebUrl(href)) return text;
  if (classes.includes("mention") && text.startsWith("@") && !classes.includes("hashtag")) {
    const user = text.slice(1).split("@")[0]!;
    return `@${options.localMention?.(href) ?? `${user}@${new URL(href).host}`}`;
  }
  if (text.startsWith("#")) return text;
  const bare = (url: string) => url.replace(/^https?:\/\//, "").replace(/\/$/, "");
  if (text === "" || bare(text) === bare(href)) return href;
  return `${text} (${href})`;
}
