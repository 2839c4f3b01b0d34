import type { ArchivedPost, ArchiveManifest } from "../../../shared/archive.ts";
import type { archiveTexts } from "./words.ts";

/**
 * posts.html of an archive: the account's posts as a page anyone can open from the unzipped
 * folder, with its photos and videos beside it, in the person's language. Every text is escaped:
 * nothing in a post is markup, and a link is only shown, never made clickable.
 */

type Texts = ReturnType<typeof archiveTexts>;

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export function pageStart(texts: Texts, handle: string, manifest: ArchiveManifest): string {
  const title = escape(texts.postsOf(handle));
  return `<!doctype html>
<html lang="${escape(manifest.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="script-src 'none'">
<title>${title}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
article { border-bottom: 1px solid #ccc; padding: 1rem 0; }
p { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0; }
img, video { max-width: 100%; height: auto; }
.meta { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">${escape(texts.exported(manifest.server, texts.date(manifest.exportedAt)))}</p>
<main>
`;
}

export function postHtml(texts: Texts, post: ArchivedPost): string {
  const meta = [
    `<time datetime="${escape(post.createdAt)}">${escape(texts.date(post.createdAt))}</time>`,
    texts.visibility[post.visibility],
    post.editedAt ? texts.edited(texts.date(post.editedAt)) : "",
    post.replyToUrl ? `${texts.replyTo} ${post.replyToUrl}` : "",
    post.quoteOfUrl ? `${texts.quoting} ${post.quoteOfUrl}` : "",
    post.sensitive ? texts.sensitive : "",
  ]
    .filter(Boolean)
    .map((part, i) => (i === 0 ? part : escape(part)));
  const warning = post.contentWarning
    ? `<p><strong>${escape(texts.contentWarning)}</strong> ${escape(post.contentWarning)}</p>\n`
    : "";
  const media = post.media.map((m) =>
    m.kind === "video"
      ? `<video controls src="${escape(m.file)}" aria-label="${escape(m.alt)}"></video>`
      : `<img src="${escape(m.file)}" alt="${escape(m.alt)}">`,
  );
  return `<article id="${escape(post.id)}">
<p class="meta">${meta.join(" · ")}</p>
${warning}<p dir="auto">${escape(post.text)}</p>
${media.join("\n")}
</article>
`;
}

export const PAGE_END = "</main>\n</body>\n</html>\n";
