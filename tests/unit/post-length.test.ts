import { describe, expect, it } from "vitest";
import { countPostLength, POST_MAX_LENGTH, remainingPostLength } from "../../shared/post-length.ts";
import { NewPost } from "../../shared/schema/social.ts";
import { validate } from "../../shared/validate.ts";
import { newId } from "../../shared/ids.ts";

describe("countPostLength", () => {
  it("counts ASCII letters one by one", () => {
    expect(countPostLength("hello world")).toBe(11);
  });

  it("counts CR LF as one character, and agrees with the segmenter on any ASCII text", () => {
    expect(countPostLength("a\r\nb")).toBe(3);
    expect(countPostLength("a\rb\n")).toBe(4);
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: 40 }, () =>
        String.fromCharCode(Math.floor(Math.random() * 128)),
      ).join("");
      expect(countPostLength(text)).toBe([...segmenter.segment(text)].length);
    }
  });

  it("counts an empty text as zero", () => {
    expect(countPostLength("")).toBe(0);
  });

  it("counts precomposed and decomposed accents as one character each", () => {
    expect(countPostLength("café")).toBe(4);
    expect(countPostLength("cafe\u0301")).toBe(4);
  });

  it("counts stacked combining marks on one letter as one", () => {
    expect(countPostLength("a\u0301\u0302\u0303")).toBe(1);
  });

  it("counts CJK ideographs one by one", () => {
    expect(countPostLength("日本語のテキスト")).toBe(8);
  });

  it("counts a ZWJ family emoji as one", () => {
    expect(countPostLength("👨‍👩‍👧‍👦")).toBe(1);
  });

  it("counts an emoji with a skin tone as one", () => {
    expect(countPostLength("👍🏽")).toBe(1);
  });

  it("counts a flag as one", () => {
    expect(countPostLength("🇫🇷")).toBe(1);
    expect(countPostLength("🏴󠁧󠁢󠁳󠁣󠁴󠁿")).toBe(1);
  });

  it("says how many characters remain, negative past the limit", () => {
    expect(remainingPostLength("a".repeat(499))).toBe(1);
    expect(remainingPostLength("🇫🇷".repeat(501))).toBe(-1);
  });
});

describe("the 500-character limit", () => {
  const post = (text: string) => validate(NewPost, { id: newId(), text });

  it("accepts a post of exactly 500 graphemes, emoji included", () => {
    expect(POST_MAX_LENGTH).toBe(500);
    expect(post("👨‍👩‍👧‍👦".repeat(500)).ok).toBe(true);
  });

  it("rejects a post of 501 graphemes, saying how long it is", () => {
    const result = post("é".repeat(501));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.field).toBe("text");
      expect(result.message).toContain("at most 500 characters");
      expect(result.message).toContain("501");
    }
  });
});
