import { describe, expect, it } from "vitest";
import type { ImportProgress } from "../../../shared/import-progress.ts";
import { describeProgress, progressHeadline } from "../../../extension/lib/progress-text.ts";
import { useCatalog } from "./catalogs.ts";

const running: ImportProgress = {
  status: "running",
  profile: "done",
  following: { fetched: 1200, total: 1480, skipped: 0, done: false },
  followers: { fetched: 3400, total: 12345, skipped: 0, done: false },
  resumeAt: null,
  problem: null,
  updatedAt: "2026-11-29T00:00:00.000Z",
};

describe("the import's progress in words", () => {
  it("describes progress the way people read it", () => {
    useCatalog("en");
    expect(describeProgress(running)).toBe(
      "profile done; following 1,200 of 1,480; followers 3,400 of 12,345",
    );
  });

  it("says it in French in a French browser, with French numbers", () => {
    useCatalog("fr");
    expect(describeProgress(running)).toBe(
      "profil importé; abonnements : 1\u202f200 sur 1\u202f480; abonnés : 3\u202f400 sur 12\u202f345",
    );
  });

  it("counts the skipped accounts in the summary of a finished import", () => {
    useCatalog("en");
    const done: ImportProgress = {
      ...running,
      status: "done",
      following: { fetched: 1480, total: 1480, skipped: 2, done: true },
      followers: { fetched: 12345, total: 12345, skipped: 1, done: true },
    };
    expect(progressHeadline(done)).toBe(
      "Imported your profile, 1,480 following and 12,345 followers (3 unreadable accounts skipped).",
    );
  });
});
