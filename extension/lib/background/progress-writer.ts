/**
 * The background is the only writer of the stored progress. Updates are chained one after the
 * other, and list figures are read back from the database, so the progress shown is what is stored.
 */
import { browser } from "wxt/browser";
import type { ImportProgress, ListProgress } from "../../../shared/import-progress.ts";
import { readFollowRun } from "../../../shared/db/imported.ts";
import { readImportedProfile } from "../../../shared/db/profile.ts";
import type { ImportStateRow, P92Database } from "../../../shared/db/schema.ts";
import { PROGRESS_KEY, loadProgress } from "../progress.ts";
import { loadSession } from "./session.ts";

type Patch = Partial<Pick<ImportProgress, "status" | "resumeAt" | "problem">>;

let queue: Promise<unknown> = Promise.resolve();

function listProgress(
  state: ImportStateRow | undefined,
  total: number | null,
  startedAt: string | null,
): ListProgress {
  const done = !!state && state.status === "done" && startedAt !== null && state.updatedAt >= startedAt;
  return {
    fetched: state?.fetched ?? 0,
    total: total ?? state?.total ?? null,
    skipped: state?.skipped ?? 0,
    done,
  };
}

/** Applies `patch`, refreshes the figures from the database and stores the result. */
export function updateProgress(db: P92Database, patch: Patch = {}): Promise<ImportProgress> {
  const next = queue.then(async () => {
    const [current, session, profile, following, followers] = await Promise.all([
      loadProgress(),
      loadSession(),
      readImportedProfile(db),
      readFollowRun(db, "following"),
      readFollowRun(db, "followers"),
    ]);
    const startedAt = session?.startedAt ?? null;
    const profileDone = !!profile && startedAt !== null && profile.importedAt >= startedAt;
    const progress: ImportProgress = {
      ...current,
      ...patch,
      profile: profileDone ? "done" : (patch.status ?? current.status) === "failed" ? "failed" : "pending",
      following: listProgress(following, profile?.followingCount ?? null, startedAt),
      followers: listProgress(followers, profile?.followerCount ?? null, startedAt),
      updatedAt: new Date().toISOString(),
    };
    if (progress.status !== "waiting") progress.resumeAt = null;
    await browser.storage.local.set({ [PROGRESS_KEY]: progress });
    return progress;
  });
  queue = next.catch(() => undefined);
  return next;
}
