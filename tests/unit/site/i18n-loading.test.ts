import { beforeEach, expect, test, vi } from "vitest";
import { fr } from "../../../site/i18n/fr.ts";

// Each test gets the i18n module afresh, with no catalog fetched yet.
const freshI18n = () => import("../../../site/i18n/index.ts");
beforeEach(() => {
  vi.resetModules();
  vi.doUnmock("../../../site/i18n/fr.ts");
});

test("switching to French and straight back to English ends in English, whenever French arrives", async () => {
  const { locale, showLocale } = await freshI18n();
  await Promise.all([showLocale("fr"), showLocale("en")]);
  expect(locale.value).toBe("en");
  await showLocale("fr");
  expect(locale.value).toBe("fr");
});

test("a French catalog that cannot be fetched leaves the screen in English, with words", async () => {
  vi.doMock("../../../site/i18n/fr.ts", () => {
    throw new TypeError("Failed to fetch dynamically imported module");
  });
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const { locale, showLocale, t } = await freshI18n();
  await showLocale("fr");
  expect(locale.value).toBe("en");
  expect(t("loading")).toBe("Loading…");
  expect(fr.loading).not.toBe("Loading…");
});
