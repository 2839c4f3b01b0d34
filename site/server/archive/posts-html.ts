import type { ArchivedPost } from "../../../shared/archive.ts";

/**
 * posts.html of an archive: the account's posts as a page anyone can open from the unzipped
 * folder, with its photos and videos beside it. Every text is escaped: nothing in a post is markup.
 */

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export function pageStart(handle: string, server: string, exportedAt: string): string {
  const title = escape(`Posts of @${handle}`);
  return `<!doctype html>
<html lang="und">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
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
<p class="meta">Exported from ${escape(server)} on ${escape(exportedAt)}.</p>
<main>
`;
}

export function postHtml(post: ArchivedPost): string {
  const meta = [
    `<time datetime="${escape(post.createdAt)}">${escape(post.createdAt)}</time>`,
    post.editedAt ? `edited ${escape(post.editedAt)}` : "",
    post.replyTo ? `a reply to ${escape(post.replyTo)}` : "",
    post.quoteOf ? `quoting ${escape(post.quoteOf)}` : "",
  ].filter(Boolean);
  const media = post.media.map((m) =>
    m.kind === "video"
      ? `<video controls src="${escape(m.file)}" aria-label="${escape(m.alt)}"></video>`
      : `<img src="${escape(m.file)}" alt="${escape(m.alt)}">`,
  );
  return `<article id="${escape(post.id)}">
<p class="meta">${meta.join(" · ")}</p>
<p dir="auto">${escape(post.text)}</p>
${media.join("\n")}
</article>
`;
}

export const PAGE_END = "</main>\n</body>\n</html>\n";
