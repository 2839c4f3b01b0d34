/**
 * Stores an imported profile and follow lists on this device with the operations the extension's
 * import uses (shared/db/imported.ts), so an export import and an extension import leave the same
 * rows. Rows are stored chunk by chunk as they come: a failure half-way keeps what was stored,
 * and since the runs are not finished then, no row is taken for an unfollow.
 */
import { BRIDGE_CHUNK_ROWS } from "../../shared/bridge.ts";
import {
  FOLLOW_LISTS,
  beginFollowRun,
  finishFollowRun,
  storeFollowPage,
  storeImportedProfile,
} from "../../shared/db/imported.ts";
import type { P92Database } from "../../shared/db/schema.ts";
import type { FollowList, ImportedProfile } from "../../shared/schema/instagram.ts";
import type { ImportReceiver } from "./bridge-client.ts";
import { db } from "./db.ts";
import type { ExportContents } from "./instagram-export.ts";

/**
 * Receives an import (from the extension through the bridge, or read from an export): one run
 * per list, each chunk stored under it at once, both runs finished at the end (rows not received
 * are unfollows), and the profile last, since its presence moves the home page on to "create your
 * account". Nothing is stored when there is no profile: the extension imported nothing yet.
 */
export function createImportReceiver(database: P92Database = db): ImportReceiver {
  let imported: { profile: ImportedProfile; avatar: Blob | null } | null = null;
  const runs = new Map<FollowList, Promise<string>>();
  const runOf = (list: FollowList) => {
    let run = runs.get(list);
    if (!run) {
      run = beginFollowRun(database, list).then((state) => state.runId);
      runs.set(list, run);
    }
    return run;
  };
  return {
    async profile(profile, avatar) {
      imported = profile ? { profile, avatar } : null;
    },
    async follows(list, rows) {
      if (!imported) return;
      await storeFollowPage(database, { list, runId: await runOf(list), rows, nextCursor: null });
    },
    async end() {
      if (!imported) return;
      for (const list of FOLLOW_LISTS) await finishFollowRun(database, list, await runOf(list));
      await storeImportedProfile(database, imported.profile, imported.avatar);
    },
  };
}

/** Stores what was read from an Instagram export, in the chunks the bridge would use. */
export async function storeExport(contents: ExportContents, database: P92Database = db): Promise<void> {
  const receiver = createImportReceiver(database);
  await receiver.profile(contents.profile, contents.avatar);
  for (const list of FOLLOW_LISTS) {
    const rows = contents.follows[list];
    for (let i = 0; i < rows.length; i += BRIDGE_CHUNK_ROWS)
      await receiver.follows(list, rows.slice(i, i + BRIDGE_CHUNK_ROWS));
  }
  await receiver.end({
    following: contents.follows.following.length,
    followers: contents.follows.followers.length,
  });
}
