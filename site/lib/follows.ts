import type { FollowState } from "../../shared/api.ts";
import { db } from "./db.ts";

/**
 * Who follows whom on P92, on the device (`siteFollows`). Following someone is an action queued
 * for the server (setFollowing in outbox.ts); sync brings the server's graph (sync/apply.ts).
 */

/** Where a follow stands: as the server says (`GET /api/accounts/:handle`, sync). */
export type { FollowState };

/** Writes or removes one follow; inside the caller's transaction over `siteFollows`. */
export async function storeFollow(follower: string, followee: string, state: FollowState): Promise<void> {
  if (state === "none") await db.siteFollows.delete([follower, followee]);
  else
    await db.siteFollows.put({ follower, followee, ...(state === "requested" ? { requested: true } : {}) });
}

/** Whom `handle` follows (requests not answered yet are not follows). */
export async function followeesOf(handle: string): Promise<Set<string>> {
  const rows = await db.siteFollows.where("follower").equals(handle).toArray();
  return new Set(rows.flatMap((r) => (r.requested ? [] : [r.followee])));
}

export async function followState(follower: string, followee: string): Promise<FollowState> {
  const row = await db.siteFollows.get([follower, followee]);
  return row ? (row.requested ? "requested" : "following") : "none";
}
