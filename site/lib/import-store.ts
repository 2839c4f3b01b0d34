import type { ImportedData } from "../../shared/bridge-client.ts";
import {
  beginFollowRun,
  finishFollowRun,
  storeFollowPage,
  storeImportedProfile,
} from "../../shared/db/imported.ts";
import type { FollowList, ImportedFollow, ImportedProfile } from "../../shared/schema/instagram.ts";
import { db } from "./db.ts";

/** Rows stored per transaction: big enough to be quick, small enough not to stall the page. */
const CHUNK = 2000;

/**
 * Stores an imported profile and follow lists with the same operations the extension's import
 * uses, so an export import and an extension import leave the same rows on the device.
 */
export async function storeImport(
  profile: ImportedProfile,
  avatar: Blob | null,
  follows: { list: FollowList; rows: ImportedFollow[] }[],
): Promise<void> {
  for (const list of ["following", "followers"] as const) {
    const rows = follows.filter((f) => f.list === list).flatMap((f) => f.rows);
    const run = await beginFollowRun(db, list);
    for (let i = 0; i < rows.length || i === 0; i += CHUNK) {
      const page = rows.slice(i, i + CHUNK);
      await storeFollowPage(db, {
        list,
        runId: run.runId,
        rows: page,
        nextCursor: null,
        total: rows.length,
        skipped: 0,
      });
      if (rows.length === 0) break;
    }
    await finishFollowRun(db, list, run.runId);
  }
  // The profile last: its presence is what moves the home page to "create your account".
  await storeImportedProfile(db, profile, avatar);
}

export async function storeBridgeImport(data: ImportedData): Promise<void> {
  if (!data.profile) throw new Error("the extension has no imported profile yet");
  await storeImport(data.profile, data.avatar, data.follows);
}
