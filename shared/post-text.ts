/**
 * Splits a post's text into plain text, links, hashtags and mentions. The server uses it to
 * extract links; the site uses it to render them as safe elements (never as HTML).
 */
import { HANDLE_CHARACTERS, LIMITS } from "./input-rules.ts";

export type TextToken =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; url: string; domain: string }
  | { kind: "hashtag"; text: string; tag: string }
  /** `handle` is a local handle, or `user@host` for someone on another server. */
  | { kind: "mention"; text: string; handle: string };

// A link starts with http(s):// or www. and runs to the next space; trailing punctuation
// that usually closes a sentence is left out of it. Hashtags and mentions need a word start; a
// hashtag keeps the combining marks of its letters (Arabic harakat, Devanagari vowel signs). A
// mention is `@handle` or, for someone on another server, `@user@host` (fediverse usernames may
// hold dashes too; the host has a dot or a port, so "@bob@home" is bob and an @).
const REMOTE_MENTION = String.raw`[A-Za-z0-9._-]{1,64}@(?:(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z0-9-]{1,63}(?::[0-9]{1,5})?|[A-Za-z0-9-]{1,63}:[0-9]{1,5})`;
const TOKEN = new RegExp(
  String.raw`(https?:\/\/[^\s<>"]+|www\.[^\s<>"]+)|(?<![\p{L}\p{M}\p{N}_])#([\p{L}\p{N}_][\p{L}\p{M}\p{N}_]{0,99})|(?<![\p{L}\p{N}_.@])@(${REMOTE_MENTION}(?![A-Za-z0-9_@-])|${HANDLE_CHARACTERS})`,
  "gu",
);
const TRAILING = /[.,;:!?'")\]}]+$/;

export function tokenizePostText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let last = 0;
  const pushText = (s: string) => {
    if (!s) return;
    const prev = tokens.at(-1);
    if (prev?.kind === "text") prev.text += s;
    else tokens.push({ kind: "text", text: s });
  };
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    pushText(text.slice(last, start));
    let raw = match[0];
    if (match[1]) {
      const trail = raw.match(TRAILING)?.[0] ?? "";
      raw = raw.slice(0, raw.length - trail.length);
      const link = toLink(raw);
      if (link) tokens.push({ kind: "link", text: raw, ...link });
      else pushText(raw);
      last = start + raw.length;
      continue;
    }
    if (match[2]) tokens.push({ kind: "hashtag", text: raw, tag: match[2] });
    else if (match[3]) {
      // A trailing dot is punctuation, not part of a local handle.
      const handle = match[3].includes("@") ? match[3] : match[3].replace(/\.+$/, "");
      raw = "@" + handle;
      tokens.push({ kind: "mention", text: raw, handle: handle.toLowerCase() });
    }
    last = start + raw.length;
  }
  pushText(text.slice(last));
  return tokens;
}

function toLink(raw: string): { url: string; domain: string } | null {
  try {
    const url = new URL(raw.startsWith("www.") ? `https://${raw}` : raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (!url.hostname.includes(".")) return null;
    return { url: url.href, domain: url.hostname.replace(/^www\./, "") };
  } catch {
    return null;
  }
}

/** The distinct http(s) links in a post (of at most 2,048 characters), in order of appearance. */
export function extractLinks(text: string): string[] {
  // A link longer than any URL the API carries stays text only.
  const links = tokenizePostText(text).flatMap((t) =>
    t.kind === "link" && t.url.length <= LIMITS.url ? [t.url] : [],
  );
  return [...new Set(links)];
}
