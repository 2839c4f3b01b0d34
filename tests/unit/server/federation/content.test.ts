import { describe, expect, it } from "vitest";
import { postHtml, type MentionTarget } from "../../../../site/server/federation/content.ts";
import { isFederationRequest } from "../../../../site/server/federation/paths.ts";

const hashtag = (tag: string) => `https://p92.example/search/?q=%23${tag}`;
const bob: MentionTarget = {
  handle: "bob",
  url: "https://p92.example/@bob",
  actorId: "https://p92.example/api/accounts/bob",
};
const html = (text: string, mentions = new Map<string, MentionTarget>()) =>
  postHtml(text, { hashtag, mentions });

describe("a post's text as the HTML other servers show", () => {
  it("escapes markup: a post is text, never HTML", () => {
    expect(html(`<script>alert(1)</script> <img src=x onerror="go()"> & 'quotes'`)).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;go()&quot;&gt; &amp; &#39;quotes&#39;</p>",
    );
  });

  it("makes paragraphs at blank lines and line breaks at single ones", () => {
    expect(html("one\ntwo\n\n\nthree\n")).toBe("<p>one<br>two</p><p>three</p>");
  });

  it("links web links only, escaping the URL", () => {
    expect(html(`go https://example.com/a?b=1&c="2" now`)).toBe(
      `<p>go <a href="https://example.com/a?b=1&amp;c=" rel="nofollow noopener noreferrer" target="_blank">https://example.com/a?b=1&amp;c=</a>&quot;2&quot; now</p>`,
    );
    expect(html("javascript:alert(1) data:text/html,x")).toBe("<p>javascript:alert(1) data:text/html,x</p>");
  });

  it("links hashtags with rel=tag and resolved mentions as h-cards; unknown mentions stay text", () => {
    expect(html("hi @bob and @carol #P92", new Map([["bob", bob]]))).toBe(
      '<p>hi <span class="h-card" translate="no"><a href="https://p92.example/@bob" class="u-url mention">@<span>bob</span></a></span>' +
        ' and @carol <a href="https://p92.example/search/?q=%23P92" class="mention hashtag" rel="tag">#<span>P92</span></a></p>',
    );
  });
});

describe("which requests federation answers", () => {
  it("always takes WebFinger, NodeInfo and the inboxes", () => {
    expect(isFederationRequest("GET", "/.well-known/webfinger", null)).toBe(true);
    expect(isFederationRequest("GET", "/.well-known/nodeinfo", "text/html")).toBe(true);
    expect(isFederationRequest("GET", "/nodeinfo/2.1", null)).toBe(true);
    expect(isFederationRequest("POST", "/api/inbox", "application/json")).toBe(true);
    expect(isFederationRequest("POST", "/api/accounts/alice/inbox", null)).toBe(true);
  });

  it("takes a GET elsewhere only when it asks for ActivityStreams", () => {
    const as2 = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
    expect(isFederationRequest("GET", "/api/accounts/alice", "application/activity+json")).toBe(true);
    expect(isFederationRequest("GET", "/api/posts/x", as2)).toBe(true);
    expect(isFederationRequest("HEAD", "/api/accounts/alice", as2)).toBe(true);
  });

  it("leaves the site's own API calls (Accept: application/json) and pages to the site", () => {
    expect(isFederationRequest("GET", "/api/accounts/alice", "application/json")).toBe(false);
    expect(isFederationRequest("GET", "/api/accounts/alice", null)).toBe(false);
    expect(isFederationRequest("GET", "/@alice", "text/html,application/xhtml+xml")).toBe(false);
    expect(isFederationRequest("POST", "/api/posts", "application/activity+json")).toBe(false);
    expect(isFederationRequest("GET", "/.well-known/security.txt", null)).toBe(false);
  });
});
