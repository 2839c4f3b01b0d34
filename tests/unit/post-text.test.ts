import { describe, expect, it } from "vitest";
import { extractLinks, tokenizePostText } from "../../shared/post-text.ts";

describe("post text tokens", () => {
  it("finds links, leaving sentence punctuation out", () => {
    expect(extractLinks("See https://example.com/a?b=1. And www.p92.example!")).toEqual([
      "https://example.com/a?b=1",
      "https://www.p92.example/",
    ]);
  });

  it("never makes a javascript: URL into a link", () => {
    expect(tokenizePostText("javascript:alert(1)")).toEqual([{ kind: "text", text: "javascript:alert(1)" }]);
  });

  it("finds hashtags and mentions but not e-mail addresses", () => {
    const tokens = tokenizePostText("Hi @Ana. #été ana@mail.example");
    expect(tokens.filter((t) => t.kind !== "text")).toEqual([
      { kind: "mention", text: "@Ana", handle: "ana" },
      { kind: "hashtag", text: "#été", tag: "été" },
    ]);
  });

  it("keeps the combining marks of a hashtag's letters, decomposed accents included", () => {
    const tags = (text: string) =>
      tokenizePostText(text).flatMap((t) => (t.kind === "hashtag" ? [t.tag] : []));
    expect(tags("#مَرْحَبًا et #नमस्ते, #e\u0301te\u0301!")).toEqual(["مَرْحَبًا", "नमस्ते", "e\u0301te\u0301"]);
  });

  it("reads @user@host as someone on another server, and @user@word as a local mention", () => {
    const mentions = (text: string) =>
      tokenizePostText(text).flatMap((t) => (t.kind === "mention" ? [t.handle] : []));
    expect(mentions("hi @Bob@Mastodon.Social. and @a-b@localhost:8443!")).toEqual([
      "bob@mastodon.social",
      "a-b@localhost:8443",
    ]);
    expect(mentions("@bob@home, @ana.")).toEqual(["bob", "ana"]);
    expect(mentions("write to me@example.com")).toEqual([]);
  });

  it("keeps the text whole when put back together", () => {
    const text = "a https://x.example/b), #c @d.e. f";
    expect(
      tokenizePostText(text)
        .map((t) => t.text)
        .join(""),
    ).toBe(text);
  });

  it("names the domain of a link without www", () => {
    expect(tokenizePostText("https://www.example.org/x")[0]).toMatchObject({
      kind: "link",
      domain: "example.org",
    });
  });
});
