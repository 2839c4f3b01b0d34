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
import type { Statements } from "./statements.ts";

/** Deletes an account of this server, all at once from outside (rows/deletions.ts). */
export function deleteAccount(s: Statements, accountId: number): "deleted" | "not_found" {
  if (!s.get(LIVE_LOCAL_ACCOUNT, accountId)) return "not_found";
  s.run(MARK_DELETED, now(), NO_PASSWORD, NO_PASSWORD, accountId);
  s.run(END_SESSIONS, accountId);
  unindexAccount(s, accountId);
  for (const entry of deletionChanges(accountId)) logChange(s, entry);
  s.run(START_PURGE, accountId, accountId);
  return "deleted";
}

/**
 * One step of the oldest purge under way: a batch of its current stage, moving to the next stage
 * when the batch was not full. `deliveredUpTo`: where delivery has read the change log.
 */
export function purgeStep(
  s: Statements,
  deliveredUpTo: number,
  batch: number,
  freed: string[],
): PurgeProgress | null {
  const purge = s.get<PurgeRow>(NEXT_PURGE);
  if (!purge) return null;
  const id = purge.account_id;
  const progress = (removed: number, waiting = false): PurgeProgress => {
    const finished = !waiting && (purge.stage === "rest" || removed < batch);
    const next = PURGE_STAGES[PURGE_STAGES.indexOf(purge.stage) + 1];
    if (finished && next) s.run(SET_STAGE, next, id);
    if (finished && !next) s.run(END_PURGE, id);
    return { accountId: id, stage: purge.stage, removed, waiting, done: finished && !next };
  };
  switch (purge.stage) {
    case "posts": {
      const posts = s.all<RemovedPost>(LIVE_POSTS_OF, id, batch);
      for (const post of posts) removePost(s, id, post, freed);
      // The posts they answered lost a reply: their authors' devices hear the counts.
      for (const parent of new Set(posts.flatMap((post) => (post.reply_to ? [post.reply_to] : [])))) {
        const author = s.get<{ author_id: number }>(AUTHOR_OF, parent)?.author_id;
        if (author !== undefined && author !== id) logChange(s, countsChanged(id, parent, author));
      }
      return progress(posts.length);
    }
    case "likes":
    case "reposts": {
      const [uncount, remove] = interactionSteps(purge.stage);
      const posts = s.all<{ id: string; author_id: number }>(uncount!, id, batch);
      for (const post of posts) logChange(s, countsChanged(id, post.id, post.author_id));
      return progress(Number(s.run(remove!, id, id, batch).changes));
    }
    case "follows": {
      if (purge.change_seq > deliveredUpTo) return progress(0, true);
      s.run(UNCOUNT_FOLLOWED, id, batch);
      const followed = s.all<{ followee_id: number }>(DROP_FOLLOWED, id, id, batch);
      for (const { followee_id } of followed) logChange(s, followEnded(id, followee_id));
      s.run(UNCOUNT_FOLLOWERS, id, batch);
      const followers = s.all<{ follower_id: number }>(DROP_FOLLOWERS, id, id, batch);
      for (const { follower_id } of followers) logChange(s, followEnded(follower_id, id));
      const removed = Math.max(followed.length, followers.length);
      return progress(removed);
    }
    case "rest": {
      for (const sql of REST_STEPS) s.run(sql, ...Array<number>(restBinds(sql)).fill(id));
      const relations = s.all<{ account_id: number; kind: "block" | "mute" }>(DROP_RELATIONS_TO, id);
      for (const row of relations) logChange(s, relationEnded(row.account_id, row.kind, id));
      freeFiles(s.all<{ file: string; preview_file: string | null }>(DELETE_MEDIA, id), freed);
      s.run(RECOUNT_HELD_MEDIA, id);
      return progress(0);
    }
  }
}

/** Frees the handles of accounts deleted before `before` and purged; answers how many. */
export function freeDeletedHandles(s: Statements, before: string): number {
  const ids = s.all<{ id: number }>(HANDLES_TO_FREE, before);
  for (const { id } of ids) {
    s.run(FREE_HANDLE, id);
    s.run(DROP_KEYS, id);
  }
  return ids.length;
}

/** An account of this server by handle, deleted ones too while their handle is reserved. */
export function localAccountState(s: Statements, handle: string): LocalAccountState | null {
  return s.get<LocalAccountState>(LOCAL_ACCOUNT_BY_HANDLE, handle.toLowerCase()) ?? null;
}
