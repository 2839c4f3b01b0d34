import { describe, expect, it } from "vitest";
import { relativeTime, relativeTimeFormats } from "../../shared/relative-time.ts";

const NOW = Date.parse("2026-06-10T12:00:00.000Z");
const before = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const english = relativeTimeFormats("en");

describe("how long ago, in words", () => {
  it("says now under 45 seconds, then minutes, hours and days, then the date past a week", () => {
    expect(relativeTime(before(30), NOW, english, "now")).toBe("now");
    expect(relativeTime(before(5 * 60), NOW, english, "now")).toBe("5 min. ago");
    expect(relativeTime(before(3 * 3600 + 20 * 60), NOW, english, "now")).toBe("3 hr. ago");
    expect(relativeTime(before(86400), NOW, english, "now")).toBe("yesterday");
    expect(relativeTime(before(3 * 86400), NOW, english, "now")).toBe("3 days ago");
    expect(relativeTime(before(30 * 86400), NOW, english, "now")).toBe("May 11, 2026");
  });

  it("in the reader's language", () => {
    expect(relativeTime(before(3 * 3600), NOW, relativeTimeFormats("fr"), "maintenant")).toBe(
      "il y a 3\u00a0h",
    );
  });
});
