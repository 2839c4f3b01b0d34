import { describe, expect, it } from "vitest";
import { matchesPrefixes, parseSearchQuery, searchWords } from "../../shared/search-text.ts";

describe("search text", () => {
  it("drops accents and case, so lea and LÉA are the same word", () => {
    expect(searchWords("Léa MARTIN, Zoë et Ångström")).toEqual(["lea", "martin", "zoe", "et", "angstrom"]);
    expect(searchWords("LÉA")).toEqual(searchWords("lea"));
  });

  it("drops Arabic harakat and Hebrew points, keeping the letters", () => {
    expect(searchWords("مَرْحَبًا بالعالم")).toEqual(["مرحبا", "بالعالم"]);
    expect(searchWords("שָׁלוֹם")).toEqual(["שלום"]);
  });

  it("keeps the marks other scripts need", () => {
    expect(searchWords("नमस्ते दुनिया")).toEqual(["नमस्ते", "दुनिया"]);
  });

  it("makes every emoji a word of its own, with or without its variation selector", () => {
    expect(searchWords("🎉party ❤️ love")).toEqual(["🎉", "party", "❤", "love"]);
    expect(searchWords("❤")).toEqual(searchWords("❤️"));
  });

  it("reads hashtags apart from words, and bounds the query", () => {
    expect(parseSearchQuery("#Lyon café  soir")).toEqual({
      words: ["cafe", "soir"],
      tags: ["lyon"],
      handle: "#lyon café  soir",
    });
    expect(parseSearchQuery(" @Ana.M ").handle).toBe("ana.m");
    expect(parseSearchQuery("a ".repeat(1000)).words).toHaveLength(8);
    expect(parseSearchQuery("#").tags).toEqual([]);
  });

  it("matches people by the start of any of their words", () => {
    expect(matchesPrefixes("Léa Martin", ["mar"])).toBe(true);
    expect(matchesPrefixes("Léa Martin", ["lea", "m"])).toBe(true);
    expect(matchesPrefixes("Léa Martin", ["art"])).toBe(false);
  });
});
