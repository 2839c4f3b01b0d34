import { describe, expect, it } from "vitest";
import type { ImportedSummary } from "../../../shared/db/imported.ts";
import { describeAccount } from "../../../extension/lib/popup/account-card.ts";
import { useCatalog } from "./catalogs.ts";

const NOW = Date.parse("2026-06-01T12:00:00.000Z");
const stored: ImportedSummary = {
  handle: "ada.lovelace_92",
  fullName: "Ada Lovelace 🧮",
  isVerified: true,
  importedAt: "2026-06-01T09:00:00.000Z",
  avatar: null,
  following: 321,
  followers: 1234,
};

describe("the popup's account card", () => {
  it("shows the imported profile with when it was imported and its counts", () => {
    useCatalog("en");
    expect(describeAccount(stored, { userId: "1", handle: "ada.lovelace_92" }, NOW)).toEqual({
      title: "Ada Lovelace 🧮",
      handle: "@ada.lovelace_92",
      verified: true,
      avatar: null,
      lines: ["Imported 3 hr. ago", "1,234 followers · 321 following"],
    });
    // Who is signed in on Instagram may be unknown (no Instagram page seen yet): still the profile.
    expect(describeAccount(stored, null, NOW).title).toBe("Ada Lovelace 🧮");
  });

  it("names the account signed in on Instagram when it is not the one on the device: that one will be imported", () => {
    useCatalog("en");
    const card = describeAccount(stored, { userId: "2", handle: "grace.hopper" }, NOW);
    expect(card.title).toBe("@grace.hopper");
    expect(card.lines).toEqual([
      "Signed in on Instagram: ready to import.",
      "On this device: @ada.lovelace_92, imported 3 hr. ago",
    ]);
  });

  it("says what to do when no account is known; and speaks French", () => {
    useCatalog("en");
    expect(describeAccount(null, null, NOW)).toMatchObject({
      title: "No Instagram account yet",
      lines: ["Sign in to instagram.com in this browser, then import."],
    });
    useCatalog("fr");
    expect(describeAccount(stored, null, NOW).lines).toEqual([
      "Importé il y a 3\u00a0h",
      "1\u202f234 abonnés · 321 abonnements",
    ]);
  });
});
