import { db } from "./db.ts";

/**
 * Who follows whom on P92, on the device (`siteFollows`). Following someone is an action queued
 * for the server (setFollowing in outbox.ts); sync brings the server's graph (sync/apply.ts).
 */

/** Writes or removes one follow; inside the caller's transaction over `siteFollows`. */
export async function storeFollow(follower: string, followee: string, active: boolean): Promise<void> {
  if (active) await db.siteFollows.put({ follower, followee });
  else await db.siteFollows.delete([follower, followee]);
}

export async function followeesOf(handle: string): Promise<Set<string>> {
  const rows = await db.siteFollows.where("follower").equals(handle).toArray();
  return new Set(rows.map((r) => r.followee));
}

export async function isFollowing(follower: string, followee: string): Promise<boolean> {
  return Boolean(await db.siteFollows.get([follower, followee]));
}
