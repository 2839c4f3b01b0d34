import { describe, expect, it } from "vitest";
import { MAX_HTML, htmlToText } from "../../../../site/server/federation/html-text.ts";
import { cut } from "../../../../site/server/federation/remote-actors.ts";

describe("another server's HTML as P92 text", () => {
  it("keeps paragraphs, line breaks, links, mentions and hashtags as Mastodon writes them", () => {
    const html =
      '<p>Hello <span class="h-card" translate="no"><a href="https://mastodon.social/@Gargron" class="u-url mention">@<span>Gargron</span></a></span>!<br />Second line</p>' +
      '<p>See <a href="https://example.com/a/very/long/path?x=1" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/lo</span><span class="invisible">ng/path?x=1</span></a> ' +
      '<a href="https://mastodon.social/tags/fediverse" class="mention hashtag" rel="tag">#<span>fediverse</span></a></p>';
    expect(htmlToText(html)).toBe(
      "Hello @Gargron@mastodon.social!\nSecond line\n\nSee https://example.com/a/very/long/path?x=1 #fediverse",
    );
  });

  it("names a mention by the object's Mention tag when it has one", () => {
    const html = '<p><a href="https://threads.net/@zuck" class="u-url mention">@zuck</a> hi</p>';
    const mentions = new Map([["https://threads.net/@zuck", "zuck@threads.net"]]);
    expect(htmlToText(html, { mentions })).toBe("@zuck@threads.net hi");
  });

  it("leaves scripts, images, event handlers and javascript: or data: links inert: only their words stay", () => {
    const html =
      '<p>a<script>alert(1)</script><img src=x onerror="alert(2)">b <a href="javascript:alert(3)">click</a> ' +
      '<a href="data:text/html,<b>x</b>">data</a> <b onclick="x()">bold</b> &lt;i&gt;</p><style>p{}</style>';
    expect(htmlToText(html)).toBe("ab click data bold <i>");
  });

  it("writes a link with other words as the words and the URL", () => {
    expect(htmlToText('<a href="https://example.com/x">read this</a>')).toBe(
      "read this (https://example.com/x)",
    );
  });

  it("walks markup nested 40,000 deep without running out of stack", () => {
    const html = "<span>".repeat(40_000) + "deep" + "</span>".repeat(40_000);
    expect(htmlToText(html)).toBe("deep");
  });

  it("drops control characters and collapses HTML whitespace, keeping a blank line of two breaks", () => {
    expect(htmlToText("<p>  a\u0000\n\t b  </p>\n\n<p>c</p>")).toBe("a b\n\nc");
    expect(htmlToText("a<br><br>b<br> c")).toBe("a\n\nb\nc");
  });

  it("makes one space of 200,000 no-break spaces, in one pass", () => {
    expect(htmlToText("&nbsp;".repeat(40_000))).toBe("");
    expect(htmlToText(`x${"\u00a0".repeat(200_000)}y`)).toBe("x y");
  });

  it("reads at most 256 KiB of HTML", () => {
    expect(htmlToText("a".repeat(MAX_HTML + 10)).length).toBe(MAX_HTML);
  });
});

describe("cutting remote text to a bound", () => {
  it("keeps whole characters and marks the cut", () => {
    expect(cut("abcdef", 4)).toBe("abc…");
    expect(cut("ab😀cd", 4)).toBe("ab…");
    expect(cut("abc", 3)).toBe("abc");
  });
});
