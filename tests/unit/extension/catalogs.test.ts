import { describe, expect, it } from "vitest";
import { catalogLanguages, readCatalog, type Catalog } from "./catalogs.ts";

/** For each message, the placeholders it declares and those its text uses. */
function shape(catalog: Catalog) {
  return Object.fromEntries(
    Object.entries(catalog).map(([name, entry]) => [
      name,
      {
        declared: Object.keys(entry.placeholders ?? {}).sort(),
        contents: Object.values(entry.placeholders ?? {})
          .map((p) => p.content)
          .sort(),
        used: [...entry.message.matchAll(/\$(\w+)\$/g)].map((m) => m[1]!.toLowerCase()).sort(),
      },
    ]),
  );
}

describe("the extension's message catalogs", () => {
  it("are English (the default locale) and French", () => {
    expect(catalogLanguages()).toEqual(["en", "fr"]);
  });

  it("have the same messages with the same placeholders in every language", () => {
    const english = shape(readCatalog("en"));
    for (const language of catalogLanguages()) {
      expect(shape(readCatalog(language)), language).toEqual(english);
    }
  });

  it("use every placeholder they declare, and declare every one they use", () => {
    for (const language of catalogLanguages()) {
      for (const [name, { declared, used }] of Object.entries(shape(readCatalog(language)))) {
        expect([...new Set(used)].sort(), `${language} ${name}`).toEqual(declared);
      }
    }
  });

  it("leave no message empty", () => {
    for (const language of catalogLanguages()) {
      for (const [name, entry] of Object.entries(readCatalog(language))) {
        expect(entry.message.trim(), `${language} ${name}`).not.toBe("");
      }
    }
  });
});
