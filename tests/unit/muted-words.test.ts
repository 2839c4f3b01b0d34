import { describe, expect, test } from "vitest";
import { mutedWordTest, readMutedWord } from "../../shared/muted-words.ts";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const hides = (word: string, text: string, until: string | null = null) =>
  mutedWordTest([{ word, until }], NOW)(text);

describe("a muted word", () => {
  test("hides whole words in any case or accents, hashtags included", () => {
    expect(hides("spoiler", "No SPOILERS here")).toBe(false);
    expect(hides("spoiler", "Big Spoiler: the end")).toBe(true);
    expect(hides("spoiler", "#spoiler alert")).toBe(true);
    expect(hides("cafe", "Un café, s'il vous plaît")).toBe(true);
    expect(hides("Café", "CAFE time")).toBe(true);
    expect(hides("cat", "category theory")).toBe(false);
    expect(hides("cat", "my cat_food")).toBe(false);
    expect(hides("ﬁnal", "the final match")).toBe(true);
  });

  test("hides a phrase's words in order, across any spacing, and nothing else", () => {
    expect(hides("new york", "Off to New\n  York!")).toBe(true);
    expect(hides("new york", "york is new")).toBe(false);
    expect(hides("a.b", "axb")).toBe(false);
    expect(hides("a.b", "see a.b")).toBe(true);
  });

  test("is found anywhere in scripts without spaces, and at an emoji's or punctuation's edge", () => {
    expect(hides("猫", "猫が好き")).toBe(true);
    expect(hides("ねこ", "うちのねこです")).toBe(true);
    expect(hides("🍕", "love🍕pizza")).toBe(true);
    expect(hides("don't", "I DON’T care")).toBe(true);
    expect(hides("c++", "writing C++ today")).toBe(true);
  });

  test("keeps the marks that make another letter outside Latin, Greek and Cyrillic", () => {
    expect(hides("कम", "काम करो")).toBe(false);
    expect(hides("か", "がっこう")).toBe(false);
    expect(hides("Αθηνα", "στην Αθήνα")).toBe(true);
    expect(hides("ёлка", "Елка")).toBe(true);
  });

  test("stops applying when it expires", () => {
    expect(hides("match", "the match", "2026-12-05T13:00:00Z")).toBe(true);
    expect(hides("match", "the match", "2026-12-05T11:00:00Z")).toBe(false);
    expect(mutedWordTest([], NOW)("anything")).toBe(false);
  });

  test("is kept trimmed, one space between words, and bounded", () => {
    expect(readMutedWord("  new   york ")).toBe("new york");
    expect(readMutedWord("   ")).toBeNull();
    expect(readMutedWord("x".repeat(101))).toBeNull();
    expect(readMutedWord("\u0301\u0301")).toBeNull();
  });
});
