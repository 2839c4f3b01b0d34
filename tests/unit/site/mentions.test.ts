import { describe, expect, it } from "vitest";
import { countPostLength } from "../../../shared/post-length.ts";
import { tokenizePostText } from "../../../shared/post-text.ts";
import { fitsTyped, insertMention, mentionAt } from "../../../site/lib/mentions.ts";

describe("the mention being typed in the composer", () => {
  it("is the @ word just before the caret: a handle, a name in any script, or user@host", () => {
    expect(mentionAt("hi @le", 6)).toEqual({ start: 3, query: "le" });
    expect(mentionAt("@Léa", 4)).toEqual({ start: 0, query: "Léa" });
    expect(mentionAt("cc @ben@social.exa", 18)).toEqual({ start: 3, query: "ben@social.exa" });
    expect(mentionAt("cc @ben@localhost:84", 20)).toEqual({ start: 3, query: "ben@localhost:84" });
    // Only up to the caret: what follows it is left as it is.
    expect(mentionAt("hi @lea and more", 7)).toEqual({ start: 3, query: "lea" });
  });

  it("is nothing after a space, a lone @, or an @ inside a word (an e-mail address)", () => {
    expect(mentionAt("hi @lea ", 8)).toBeNull();
    expect(mentionAt("hi @", 4)).toBeNull();
    expect(mentionAt("write to ana@example.org", 24)).toBeNull();
    expect(mentionAt("", 0)).toBeNull();
  });

  it("looks only at the last few hundred characters, however long the text", () => {
    const long = `${"x ".repeat(100_000)}@an`;
    expect(mentionAt(long, long.length)).toEqual({ start: long.length - 3, query: "an" });
  });
});

describe("choosing someone", () => {
  it("replaces what was typed with @handle and a space, and puts the caret after it", () => {
    const typed = mentionAt("hi @le", 6)!;
    expect(insertMention("hi @le", typed, "lea.martin")).toEqual({ text: "hi @lea.martin ", caret: 15 });
    const remote = mentionAt("hi @be there", 6)!;
    expect(insertMention("hi @be there", remote, "ben@localhost:8443")).toEqual({
      text: "hi @ben@localhost:8443 there",
      caret: 23,
    });
  });

  it("inserts what the server reads as a mention of that person, counted as the server counts it", () => {
    const { text } = insertMention("merci @be", mentionAt("merci @be", 9)!, "ben@localhost:8443");
    expect(tokenizePostText(text)).toContainEqual({
      kind: "mention",
      text: "@ben@localhost:8443",
      handle: "ben@localhost:8443",
    });
    expect(countPostLength(text)).toBe([...text].length);
  });

  it("keeps to people whose handle starts with what was typed once a host is typed", () => {
    expect(fitsTyped("ben@social.example", "ben@soc")).toBe(true);
    expect(fitsTyped("ben@other.example", "ben@soc")).toBe(false);
    expect(fitsTyped("lea.martin", "Léa")).toBe(true);
  });
});
