import type { VNode } from "preact";
import { expect, test } from "vitest";
import { PostText } from "../../../site/components/PostText.tsx";

type Anchor = VNode<{ href: string; rel?: string; children: string }>;

/** PostText holds no state, so calling it gives the elements it renders: text and anchors. */
function render(text: string, links: string[]) {
  const paragraph = PostText({ text, links }) as VNode<{ children: (string | Anchor)[] }>;
  const children = paragraph.props.children;
  const anchors = children.filter((c): c is Anchor => typeof c === "object" && c.type === "a");
  const texts = children.filter((c): c is string => typeof c === "string");
  return { anchors: anchors.map((a) => a.props), texts };
}

test("a link the post's links list becomes an anchor showing its domain", () => {
  const { anchors } = render("See https://www.example.com/a for more", ["https://www.example.com/a"]);
  expect(anchors).toEqual([
    expect.objectContaining({
      href: "https://www.example.com/a",
      rel: "noopener nofollow ugc",
      children: "example.com/a",
    }),
  ]);
});

test("a URL in the text that the post's links do not list stays text", () => {
  const { anchors, texts } = render("See https://example.com/a", []);
  expect(anchors).toEqual([]);
  expect(texts.join("")).toBe("See https://example.com/a");
});

test("hashtags and mentions link to the tag and the profile whatever the links", () => {
  const { anchors } = render("#Hello @Ana", []);
  expect(anchors.map((a) => a.href)).toEqual(["/search/?q=%23Hello", "/@ana"]);
});
