/**
 * The background's side of an import: it stores what the Instagram content script sends, through
 * the shared Dexie operations, into the extension's own IndexedDB (a content script would write
 * into instagram.com's), and keeps the progress up to date.
 */
import {
  beginFollowRun,
  finishFollowRun,
  readFollowRun,
  storeFollowPage,
  storeImportedProfile,
  type FollowPage,
} from "../../../shared/db/imported.ts";
import { readImportedProfile } from "../../../shared/db/profile.ts";
import type { P92Database } from "../../../shared/db/schema.ts";
import type { FollowList, ImportedProfile } from "../../../shared/schema/instagram.ts";
import type { RunStart } from "../import/run-import.ts";
import { downloadAvatar } from "./avatar.ts";
import { updateProgress } from "./progress-writer.ts";
import { loadSession } from "./session.ts";

export async function storeProfile(db: P92Database, profile: ImportedProfile): Promise<void> {
  const previous = await readImportedProfile(db);
  let avatar = await downloadAvatar(profile.avatarUrl);
  // A failed download keeps the image we had for the same account rather than losing it.
  if (!avatar && previous?.instagramId === profile.instagramId) avatar = previous.avatar;
  await storeImportedProfile(db, profile, avatar);
  await updateProgress(db);
}

export async function beginRun(db: P92Database, list: FollowList): Promise<RunStart> {
  const session = await loadSession();
  const saved = await readFollowRun(db, list);
  // Resuming an import whose earlier part already finished this list: do not read it again.
  if (session && saved?.status === "done" && saved.updatedAt >= session.startedAt) {
    return { runId: saved.runId, cursor: null, skip: true };
  }
  const state = await beginFollowRun(db, list);
  await updateProgress(db);
  return { runId: state.runId, cursor: state.cursor, skip: false };
}

export async function storePage(db: P92Database, page: FollowPage): Promise<void> {
  await storeFollowPage(db, page);
  await updateProgress(db);
}

export async function finishRun(db: P92Database, list: FollowList, runId: string): Promise<void> {
  await finishFollowRun(db, list, runId);
  await updateProgress(db);
}
