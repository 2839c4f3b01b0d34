import type { SiteRelationRow } from "../../shared/db/schema.ts";
import { db } from "./db.ts";
import { storeFollow } from "./follows.ts";

/**
 * Whom the signed-in person blocked or muted, on the device (`siteRelations`). Blocking and
 * muting are actions queued for the server (setRelation in people.ts); sync and profile reads
 * bring the server's word (sync/apply.ts, people.ts). Every timeline read on the device leaves
 * those accounts out (`hiddenFrom`), so posts already stored go too.
 */

export type RelationKind = SiteRelationRow["kind"];

/**
 * Writes or removes one relation; inside the caller's transaction over `siteRelations`, `posts`
 * and `siteFollows`. A block also ends the follows both ways and drops the blocked account's
 * posts from the device (the server no longer shows them to either).
 */
export async function storeRelation(
  owner: string,
  handle: string,
  kind: RelationKind,
  active: boolean,
): Promise<void> {
  if (!active) {
    await db.siteRelations.delete([owner, handle, kind]);
    return;
  }
  await db.siteRelations.put({ owner, handle, kind });
  if (kind !== "block") return;
  await storeFollow(owner, handle, "none");
  await storeFollow(handle, owner, "none");
  await dropPostsOf(handle);
}

function dropPostsOf(handle: string): Promise<number> {
  return db.posts.where("[author+createdAt]").between([handle, ""], [handle, "\uffff"]).delete();
}

/**
 * A suspended account (sync/apply.ts): its posts and profile leave the device, as they left every
 * answer of the server. When the suspension is lifted, they come back as the server sends them.
 */
export async function forgetSuspended(handle: string): Promise<void> {
  await db.transaction("rw", [db.posts, db.accounts], async () => {
    await dropPostsOf(handle);
    await db.accounts.delete(handle);
  });
}

/**
 * The accounts whose posts `owner`'s timelines leave out: those blocked or muted. Before the
 * session is known (`null`: the first paint), those of whoever blocked or muted them on this
 * device: rather left out a moment than shown, then taken away.
 */
export async function hiddenFrom(owner: string | null): Promise<Set<string>> {
  const rows = await (owner ? db.siteRelations.where("owner").equals(owner) : db.siteRelations).toArray();
  return new Set(rows.map((row) => row.handle));
}
