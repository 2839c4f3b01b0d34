import { describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { en as core } from "../../../site/i18n/en.ts";
import { enAdmin } from "../../../site/i18n/en-admin.ts";
import { enSetup } from "../../../site/i18n/en-setup.ts";
import { fr } from "../../../site/i18n/fr.ts";
import { format, locale, pickLocale, showLocale, tn } from "../../../site/i18n/index.ts";
import { t } from "../../../site/i18n/setup.ts";

const en = { ...core, ...enSetup, ...enAdmin };

describe("the catalogs", () => {
  test("the French catalog has every English key and no other", () => {
    const missing = Object.keys(en).filter((key) => !(key in fr));
    const extra = Object.keys(fr).filter((key) => !(key in en));
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });

  test("no French string is empty", () => {
    for (const [key, value] of Object.entries(fr)) expect(value.trim(), key).not.toBe("");
  });

  test("each translation keeps the placeholders of the English string", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
  });
});

describe("the strings of getting set up", () => {
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? sources(file) : /\.tsx?$/.test(entry.name) ? [file] : [];
    });

  test("are shown only by modules that add them first (they import t from i18n/setup.ts)", () => {
    // Plural strings are named by their base (`tn("graph.followedAll", n)`).
    const keys = [...new Set(Object.keys(enSetup).map((key) => key.replace(/_(one|other)$/, "")))];
    const forgetting = sources("site")
      .filter((file) => !file.startsWith(path.join("site", "i18n")))
      .filter((file) => {
        const text = fs.readFileSync(file, "utf8");
        return keys.some((key) => text.includes(`"${key}"`)) && !/i18n\/(setup|admin)\.ts"/.test(text);
      });
    expect(forgetting).toEqual([]);
    expect(keys).toContain("graph.followedAll");
  });

  test("the admins' page's are shown only by modules that add them first (i18n/admin.ts)", () => {
    const keys = Object.keys(enAdmin).map((key) => key.replace(/_(one|other)$/, ""));
    const forgetting = sources("site")
      .filter((file) => !file.startsWith(path.join("site", "i18n")))
      .filter((file) => {
        const text = fs.readFileSync(file, "utf8");
        return keys.some((key) => text.includes(`"${key}"`)) && !/i18n\/admin\.ts"/.test(text);
      });
    expect(forgetting).toEqual([]);
  });

  test("are those of parts the feed does not show, none of every page's", () => {
    expect(Object.keys(core).some((key) => key in enSetup)).toBe(false);
    const parts = [
      "onboarding.",
      "graph.",
      "notifications.group.",
      "profile.tab",
      "profile.empty.",
      "profile.proven",
      "profile.lists.",
      "lightbox.",
      // The full composer's, but for its row, which ships with the feed.
      "composer.",
      // The dialogs of one's own post's menu (edit, delete, earlier versions).
      "ownPost.",
      // Any dialog's buttons (modal.tsx's dialogs are all loaded on first use).
      "dialog.",
      // The profile editor, opened from one's own profile.
      "profileEdit.",
      // Muting and blocking someone, from a post's or a profile's menu, and the profile's notices.
      "relations.",
      "report.",
      // Settings' way to the admins' page (the page's own strings are en-admin.ts').
      "admin.settings",
      // Settings' muted words and "Your data".
      "mutedWords.",
      "archive.",
      // Importing a P92 archive: at the way in and in Settings.
      "archiveImport.",
      "deleteAccount.",
      // Settings' account security.
      "settings.security",
      "settings.changePassword",
      "settings.currentPassword",
      "settings.newPassword",
      "settings.passwordChanged",
      "settings.wrongPassword",
      "settings.signOutEverywhere",
      "settings.failed",
    ];
    expect(Object.keys(enSetup).filter((key) => !parts.some((part) => key.startsWith(part)))).toEqual([]);
  });
});

describe("picking the language", () => {
  test("a French browser gets French, whatever the region", () => {
    expect(pickLocale(["fr-CA", "en-US"])).toBe("fr");
    expect(pickLocale(["de-DE", "fr"])).toBe("fr");
  });
  test("a language P92 does not speak falls back to English", () => {
    expect(pickLocale(["de-DE", "ja"])).toBe("en");
    expect(pickLocale([])).toBe("en");
  });
});

// First of the tests that switch language: the French catalog is not fetched yet.
test("the screen is in English until the reader's catalog has arrived, then in theirs", async () => {
  await showLocale("en");
  expect(locale.value).toBe("en");
  const switching = showLocale("fr");
  expect(t("loading")).toBe(en.loading);
  await switching;
  expect([locale.value, t("loading")]).toEqual(["fr", fr.loading]);
  await showLocale("en");
});

test("plural strings pick one or other from the count, in each language", async () => {
  await showLocale("en");
  expect(tn("feed.newPosts", 1)).toBe("1 new post");
  expect(tn("feed.newPosts", 3)).toBe("3 new posts");
  await showLocale("fr");
  expect(tn("feed.newPosts", 1)).toBe("1 nouvelle publication");
  expect(tn("feed.newPosts", 3)).toBe("3 nouvelles publications");
  await showLocale("en");
  expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
});

test("numbers in messages are written the language's way, as in import progress", async () => {
  await showLocale("en");
  expect(t("onboarding.importProgress", { list: "Followers", fetched: 3400, total: 12345 })).toBe(
    "Followers: 3,400 of 12,345",
  );
  await showLocale("fr");
  expect(format("{n}", { n: 12345 })).toMatch(/^12\s345$/u);
  await showLocale("en");
});
