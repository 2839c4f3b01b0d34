import type { AccountRecord, ChangePage, FirstSyncWindow } from "../records.ts";
import { IS_DELETED } from "../rows/deletions.ts";
import { changePage, MAX_SCAN, referredIds, type ChangeRow } from "../rows/sync.ts";
import { succeeded, type OpOutcome, type StoreOp } from "../store.ts";
import { accountById, followingHandles, handlesByIds, updateProfile } from "./accounts.ts";
import type { Queries } from "./db.ts";
import { acceptFollow, rejectFollow, setFollow } from "./follows.ts";
import { setRelation } from "./relations.ts";
import { HIDDEN_ACCOUNTS, OWN_RELATIONS, type RelationKind } from "../rows/relations.ts";
import { createPost, deletePost, postsByIds, setInteraction, viewerState } from "./posts.ts";
import { deleteRemotePost, editRemotePost, receivePost } from "./remote-posts.ts";
import { editPost } from "./post-edits.ts";
import { followingTimeline } from "./timelines.ts";

export async function isOpApplied(q: Queries, accountId: number, opId: string): Promise<boolean> {
  return (
    (await q.get("SELECT 1 FROM applied_ops WHERE account_id = ? AND op_id = ?", accountId, opId)) !==
    undefined
  );
}

/**
 * Runs an operation; with an op id, at most once (see Store.applyOp). As on SQLite: the check and
 * the record are safe without more because the wiring runs every write holding the change log's
 * lock (postgres/transactions.ts), so two retries of one op never run at once; `ON CONFLICT DO
 * NOTHING` all the same, as a failed insert would abort the whole transaction.
 */
export async function applyOp(
  q: Queries,
  accountId: number,
  op: StoreOp,
  opId: string | null,
  freed: string[],
): Promise<OpOutcome> {
  // A request that passed its session check just before the account was deleted does nothing.
  if (await q.get(IS_DELETED, accountId)) return { status: "account_deleted" };
  if (opId === null) return runOp(q, accountId, op, freed);
  if (await isOpApplied(q, accountId, opId)) return { status: "already_applied" };
  const outcome = await runOp(q, accountId, op, freed);
  // Only effects are recorded: a refused op changed nothing, so retrying it later is safe.
  if (succeeded(outcome)) {
    await q.run(
      "INSERT INTO applied_ops (account_id, op_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
      accountId,
      opId,
    );
  }
  return outcome;
}

async function runOp(q: Queries, accountId: number, op: StoreOp, freed: string[]): Promise<OpOutcome> {
  switch (op.type) {
    case "createPost":
      return createPost(q, accountId, op.post, op.localHost);
    case "editPost":
      return editPost(q, accountId, op);
    case "deletePost":
      return deletePost(q, accountId, op.postId, freed);
    case "like":
    case "unlike":
      return setInteraction(q, "like", accountId, op.postId, op.type === "like");
    case "repost":
    case "unrepost":
      return setInteraction(q, "repost", accountId, op.postId, op.type === "repost");
    case "follow":
    case "unfollow":
      return setFollow(q, accountId, op.handle, op.type === "follow");
    case "block":
    case "unblock":
      return setRelation(q, accountId, op.handle, "block", op.type === "block");
    case "mute":
    case "unmute":
      return setRelation(q, accountId, op.handle, "mute", op.type === "mute");
    case "updateProfile":
      return updateProfile(q, accountId, op.profile, freed);
    case "receivePost":
      return receivePost(q, accountId, op.post);
    case "editRemotePost":
      return editRemotePost(q, accountId, op.post);
    case "deleteRemotePost":
      return deleteRemotePost(q, accountId, op.objectUri, freed);
    case "acceptFollow":
      return acceptFollow(q, accountId, op.followerId);
    case "rejectFollow":
      return rejectFollow(q, accountId, op.followerId);
  }
}

export async function latestChangeSeq(q: Queries): Promise<number> {
  return (await q.get<{ seq: number | null }>("SELECT max(seq) AS seq FROM changes"))?.seq ?? 0;
}

/**
 * Store.firstSyncWindow. The reads must see one state: the wiring runs this inside a REPEATABLE
 * READ transaction (`snapshot` in postgres/transactions.ts), where SQLite gets the same from one
 * synchronous run on its one connection.
 */
export async function firstSyncWindow(
  q: Queries,
  accountId: number,
  limits: { posts: number; follows: number; relations: number },
): Promise<FirstSyncWindow | null> {
  const cursor = await latestChangeSeq(q);
  const account = await accountById(q, accountId);
  if (!account) return null;
  const posts = await followingTimeline(q, accountId, { before: null, limit: limits.posts });
  return {
    cursor,
    account,
    followees: await followingHandles(q, accountId, limits.follows),
    relations: await q.all<{ handle: string; kind: RelationKind }>(
      OWN_RELATIONS,
      accountId,
      limits.relations,
    ),
    posts,
    viewerState: await viewerState(
      q,
      accountId,
      posts.map((p) => p.id),
    ),
  };
}

/**
 * As on SQLite (see sqlite/sync.ts). The log's positions are in commit order (the change log's
 * lock), so a change this read does not see yet is after `end` and is served by a later pull.
 */
export async function changesSince(
  q: Queries,
  accountId: number,
  after: number,
  known: string[],
  limit: number,
): Promise<ChangePage> {
  const latest = await latestChangeSeq(q);
  const end = Math.min(after + MAX_SCAN, latest);
  const rows = await q.allNamed<ChangeRow>(
    `WITH followees(id) AS (SELECT followee_id FROM follows WHERE follower_id = :viewer),
       -- Posts of those muted, suspended or deleted are left out.
       shown(id) AS (SELECT id FROM followees WHERE id NOT IN
         (SELECT target_id FROM relations WHERE account_id = :viewer AND kind = 'mute')
         AND id NOT IN (${HIDDEN_ACCOUNTS}))
     SELECT seq, kind, account_id, post_id, target_account_id, active FROM changes c
     WHERE c.seq > :after AND c.seq <= :end AND (
       c.account_id = :viewer
       OR (c.kind = 'follow' AND c.target_account_id = :viewer)
       OR (c.kind IN ('post', 'postEdited', 'postRestored', 'postDeleted', 'counts')
           AND (c.post_author_id = :viewer OR c.post_author_id IN (SELECT id FROM shown)))
       OR (c.kind = 'account' AND c.account_id IN (SELECT id FROM followees)
           AND c.account_id NOT IN (${HIDDEN_ACCOUNTS}))
       -- Everyone hears of a suspension: every device drops what it holds of the account.
       OR c.kind = 'suspension'
       OR (c.kind = 'counts' AND c.post_id = ANY(:known::text[]))
     )
     ORDER BY c.seq LIMIT :limit`,
    { viewer: accountId, after, end, known, limit: limit + 1 },
  );
  const ids = referredIds(rows.slice(0, limit));
  // What the page refers to, read in a few queries rather than one or two per row.
  const accounts = new Map<number, AccountRecord>();
  for (const id of ids.accounts) {
    const account = await accountById(q, id);
    if (account) accounts.set(id, account);
  }
  const referred = {
    posts: await postsByIds(q, ids.posts),
    handles: await handlesByIds(q, ids.handles),
    accounts,
  };
  return changePage(rows, referred, { after, end, latest, limit });
}
