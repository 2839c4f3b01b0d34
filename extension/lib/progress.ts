/**
 * The import's progress lives in extension storage under one key, written only by the background.
 * The popup, the button on Instagram and the site bridge all watch it, so each shows the same
 * state, and it survives the popup closing or the service worker sleeping.
 */
import * as v from "valibot";
import { browser } from "wxt/browser";
import { ImportProgress } from "../../shared/import-progress.ts";

export const PROGRESS_KEY = "importProgress";

export function idleProgress(now = new Date()): ImportProgress {
  const empty = { fetched: 0, total: null, skipped: 0, done: false };
  return {
    status: "idle",
    profile: "pending",
    following: { ...empty },
    followers: { ...empty },
    resumeAt: null,
    problem: null,
    updatedAt: now.toISOString(),
  };
}

export function readStoredProgress(stored: unknown): ImportProgress {
  const parsed = v.safeParse(ImportProgress, stored);
  return parsed.success ? parsed.output : idleProgress();
}

export async function loadProgress(): Promise<ImportProgress> {
  return readStoredProgress((await browser.storage.local.get(PROGRESS_KEY))[PROGRESS_KEY]);
}

/** Calls `listener` now and on every change; returns the function that stops watching. */
export function watchProgress(listener: (progress: ImportProgress) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === "local" && changes[PROGRESS_KEY])
      listener(readStoredProgress(changes[PROGRESS_KEY].newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  void loadProgress().then(listener);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

export const isActive = (p: ImportProgress) => p.status === "running" || p.status === "waiting";
