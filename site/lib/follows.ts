import { newId } from "../../shared/ids.ts";
import { db, siteFollows } from "./db.ts";
import { enqueue } from "./posts.ts";

/** Follows or unfollows on P92: the graph on the device changes at once, the server on sync. */
export async function setFollowing(me: string, handle: string, follow: boolean): Promise<void> {
  const opId = newId();
  await db.transaction("rw", db.outbox, siteFollows, async () => {
    await enqueue({ opId, type: follow ? "follow" : "unfollow", handle });
    if (follow) await siteFollows.put({ follower: me, followee: handle });
    else await siteFollows.delete([me, handle]);
  });
}

export async function followeesOf(handle: string): Promise<Set<string>> {
  const rows = await siteFollows.where("follower").equals(handle).toArray();
  return new Set(rows.map((r) => r.followee));
}
