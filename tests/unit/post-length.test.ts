import { describe, expect, it } from "vitest";
import {
  countPostLength,
  isPostTextWithinLimits,
  POST_MAX_LENGTH,
  POST_MAX_UTF16,
  remainingPostLength,
} from "../../shared/post-length.ts";
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

describe("the size bound of a post", () => {
  const kiss = "\u{1F9D1}\u{1F3FF}\u200D\u2764\uFE0F\u200D\u{1F48B}\u200D\u{1F9D1}\u{1F3FB}";
  const wales = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}";
  const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}";
  const devanagari = "\u0938\u094D\u0924\u094D\u0930\u0940"; // स्त्री, one cluster

  it("is never reached by 500 of the longest characters in use", () => {
    for (const character of [kiss, wales, family, devanagari, "e\u0301\u0302"]) {
      const text = character.repeat(POST_MAX_LENGTH);
      expect(countPostLength(text)).toBe(POST_MAX_LENGTH);
      expect(text.length).toBeLessThanOrEqual(POST_MAX_UTF16);
      expect(isPostTextWithinLimits(text)).toBe(true);
    }
    expect(kiss.length).toBe(15);
  });

  it("refuses one letter with 500,000 combining accents, without segmenting it", () => {
    const huge = "a" + "\u0301".repeat(500_000);
    expect(countPostLength(huge)).toBe(1);
    expect(isPostTextWithinLimits(huge)).toBe(false);
    const result = validate(NewPost, { id: newId(), text: huge });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.field).toBe("text");
      expect(result.message).toContain(`at most ${POST_MAX_UTF16} UTF-16 code units (this one has 500001)`);
    }
  });

  it("accepts exactly 8,000 code units and refuses 8,001", () => {
    const at = "a" + "\u0301".repeat(POST_MAX_UTF16 - 1);
    expect(validate(NewPost, { id: newId(), text: at }).ok).toBe(true);
    expect(validate(NewPost, { id: newId(), text: at + "\u0301" }).ok).toBe(false);
  });
});

describe("control characters in a post", () => {
  it("are refused, except tab and line breaks", () => {
    expect(validate(NewPost, { id: newId(), text: "a\u0000b" }).ok).toBe(false);
    expect(validate(NewPost, { id: newId(), text: "bell\u0007" }).ok).toBe(false);
    expect(validate(NewPost, { id: newId(), text: "one\ttwo\r\nthree\nfour" }).ok).toBe(true);
  });
});
