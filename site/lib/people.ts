import type { AccountRelations, ProfileAnswer } from "../../shared/api.ts";
import { newId } from "../../shared/ids.ts";
import { callApi } from "./api.ts";
import { storeAccountsForReader } from "./authors.ts";
import { db } from "./db.ts";
import { enqueue, queue } from "./outbox.ts";
import { storeRelation, type RelationKind } from "./relations.ts";

/**
 * What a profile page and a menu about someone else need (their profile, blocking and muting
 * them), apart from what every page's first paint waits for (the feed's 64 KB budget).
 */

/**
 * Refreshes a profile for the person reading it: the account, and where their follow of it stands
 * (a request to someone elsewhere may have been accepted or refused since).
 */
export async function fetchProfile(
  reader: { serverUrl: string; token: string | null; handle: string | null },
  handle: string,
): Promise<void> {
  const answer = await callApi<ProfileAnswer>(
    reader.serverUrl,
    `/api/accounts/${encodeURIComponent(handle)}`,
    { token: reader.token },
  );
  await storeAccountsForReader(reader.handle, [answer]);
  if (answer.relations && reader.handle)
    await storeRelationsFromServer(reader.handle, answer.account.handle, answer.relations);
}

/**
 * Removes an account and its posts from the device: the server says there is no such account
 * (any more), or none the reader may see (it blocked them).
 */
export async function forgetAccount(handle: string): Promise<void> {
  await db.transaction("rw", db.accounts, db.posts, async () => {
    await db.accounts.delete(handle);
    await db.posts.where("[author+createdAt]").between([handle, ""], [handle, "\uffff"]).delete();
  });
}

/** Whether `owner` blocked or muted `handle`, as the device knows. */
export async function relationsWith(owner: string, handle: string): Promise<AccountRelations> {
  const [block, mute] = await db.siteRelations.bulkGet([
    [owner, handle, "block"],
    [owner, handle, "mute"],
  ]);
  return { blocking: block !== undefined, muting: mute !== undefined };
}

/**
 * Blocks or mutes `handle` (or stops): the device leaves them out at once (a block also ends the
 * follows and drops their posts here), the server on sync.
 */
export async function setRelation(
  me: string,
  handle: string,
  kind: RelationKind,
  active: boolean,
): Promise<void> {
  await queue([db.siteRelations, db.siteFollows, db.posts], async () => {
    const type = kind === "block" ? (active ? "block" : "unblock") : active ? "mute" : "unmute";
    await enqueue({ opId: newId(), type, handle });
    await storeRelation(me, handle, kind, active);
  });
}

/**
 * Keeps what the server says `owner` did to `handle` (a profile read), unless a block or mute of
 * theirs still waits in the outbox: that one is newer.
 */
export async function storeRelationsFromServer(
  owner: string,
  handle: string,
  relations: AccountRelations,
): Promise<void> {
  await db.transaction("rw", [db.siteRelations, db.siteFollows, db.posts, db.outbox], async () => {
    const queued = await db.outbox
      .filter((row) => {
        const op = row.op as { type?: string; handle?: string };
        return op.handle === handle && /^(un)?(block|mute)$/.test(op.type ?? "");
      })
      .count();
    if (queued > 0) return;
    const known = await relationsWith(owner, handle);
    if (known.blocking !== relations.blocking)
      await storeRelation(owner, handle, "block", relations.blocking);
    if (known.muting !== relations.muting) await storeRelation(owner, handle, "mute", relations.muting);
  });
}
