import { now } from "../rows/clock.ts";
import {
  AUTHOR_OF,
  countsChanged,
  DELETE_MEDIA,
  RECOUNT_HELD_MEDIA,
  DROP_RELATIONS_TO,
  relationEnded,
  deletionChanges,
  DROP_KEYS,
  END_PURGE,
  DROP_FOLLOWED,
  DROP_FOLLOWERS,
  followEnded,
  UNCOUNT_FOLLOWED,
  UNCOUNT_FOLLOWERS,
  FREE_HANDLE,
  HANDLES_TO_FREE,
  interactionSteps,
  LIVE_LOCAL_ACCOUNT,
  LIVE_POSTS_OF,
  LOCAL_ACCOUNT_BY_HANDLE,
  MARK_DELETED,
  NEXT_PURGE,
  NO_PASSWORD,
  PURGE_STAGES,
  REST_STEPS,
  restBinds,
  SET_STAGE,
  START_PURGE,
  type LocalAccountState,
  type PurgeProgress,
  type PurgeRow,
} from "../rows/deletions.ts";
import { freeFiles } from "../rows/media.ts";
import type { RemovedPost } from "../rows/posts.ts";
import { END_SESSIONS } from "../rows/suspensions.ts";
import { logChange } from "./changes-log.ts";
import { removePost } from "./posts.ts";
import { unindexAccount } from "./search.ts";
import type { Queries } from "./db.ts";

/** As on SQLite (sqlite/deletions.ts). */
export async function deleteAccount(q: Queries, accountId: number): Promise<"deleted" | "not_found"> {
  // Locked, so that two deletions of one account at once take their turns.
  if (!(await q.get(`${LIVE_LOCAL_ACCOUNT} FOR UPDATE`, accountId))) return "not_found";
  await q.run(MARK_DELETED, now(), NO_PASSWORD, NO_PASSWORD, accountId);
  await q.run(END_SESSIONS, accountId);
  await unindexAccount(q, accountId);
  for (const entry of deletionChanges(accountId)) await logChange(q, entry);
  await q.run(START_PURGE, accountId, accountId);
  return "deleted";
}

/**
 * As on SQLite. It runs as a logged write (the change-log lock held), so the purges of several
 * server processes take turns; the row lock only keeps two from working on one purge at once.
 */
export async function purgeStep(
  q: Queries,
  deliveredUpTo: number,
  batch: number,
  freed: string[],
): Promise<PurgeProgress | null> {
  const purge = await q.get<PurgeRow>(`${NEXT_PURGE} FOR UPDATE SKIP LOCKED`);
  if (!purge) return null;
  const id = purge.account_id;
  const progress = async (removed: number, waiting = false): Promise<PurgeProgress> => {
    const finished = !waiting && (purge.stage === "rest" || removed < batch);
    const next = PURGE_STAGES[PURGE_STAGES.indexOf(purge.stage) + 1];
    if (finished && next) await q.run(SET_STAGE, next, id);
    if (finished && !next) await q.run(END_PURGE, id);
    return { accountId: id, stage: purge.stage, removed, waiting, done: finished && !next };
  };
  switch (purge.stage) {
    case "posts": {
      const posts = await q.all<RemovedPost>(LIVE_POSTS_OF, id, batch);
      for (const post of posts) await removePost(q, id, post, freed);
      // The posts they answered lost a reply: their authors' devices hear the counts.
      for (const parent of new Set(posts.flatMap((post) => (post.reply_to ? [post.reply_to] : [])))) {
        const author = (await q.get<{ author_id: number }>(AUTHOR_OF, parent))?.author_id;
        if (author !== undefined && author !== id) await logChange(q, countsChanged(id, parent, author));
      }
      return progress(posts.length);
    }
    case "likes":
    case "reposts": {
      const [uncount, remove] = interactionSteps(purge.stage);
      const posts = await q.all<{ id: string; author_id: number }>(uncount!, id, batch);
      for (const post of posts) await logChange(q, countsChanged(id, post.id, post.author_id));
      return progress((await q.run(remove!, id, id, batch)).changes);
    }
    case "follows": {
      if (Number(purge.change_seq) > deliveredUpTo) return progress(0, true);
      await q.run(UNCOUNT_FOLLOWED, id, batch);
      const followed = await q.all<{ followee_id: number }>(DROP_FOLLOWED, id, id, batch);
      for (const { followee_id } of followed) await logChange(q, followEnded(id, followee_id));
      await q.run(UNCOUNT_FOLLOWERS, id, batch);
      const followers = await q.all<{ follower_id: number }>(DROP_FOLLOWERS, id, id, batch);
      for (const { follower_id } of followers) await logChange(q, followEnded(follower_id, id));
      const removed = Math.max(followed.length, followers.length);
      return progress(removed);
    }
    case "rest": {
      for (const sql of REST_STEPS) await q.run(sql, ...Array<number>(restBinds(sql)).fill(id));
      const relations = await q.all<{ account_id: number; kind: "block" | "mute" }>(DROP_RELATIONS_TO, id);
      for (const row of relations) await logChange(q, relationEnded(row.account_id, row.kind, id));
      freeFiles(await q.all<{ file: string; preview_file: string | null }>(DELETE_MEDIA, id), freed);
      await q.run(RECOUNT_HELD_MEDIA, id);
      return progress(0);
    }
  }
}

export async function freeDeletedHandles(q: Queries, before: string): Promise<number> {
  const ids = await q.all<{ id: number }>(HANDLES_TO_FREE, before);
  for (const { id } of ids) {
    await q.run(FREE_HANDLE, id);
    await q.run(DROP_KEYS, id);
  }
  return ids.length;
}

/** An account of this server by handle, deleted ones too while their handle is reserved. */
export async function localAccountState(q: Queries, handle: string): Promise<LocalAccountState | null> {
  return (await q.get<LocalAccountState>(LOCAL_ACCOUNT_BY_HANDLE, handle.toLowerCase())) ?? null;
}
