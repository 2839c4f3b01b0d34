import type { AccountRecord, ChangePage, FirstSyncWindow } from "../records.ts";
import { IS_DELETED } from "../rows/deletions.ts";
import { changePage, MAX_SCAN, referredIds, type ChangeRow } from "../rows/sync.ts";
import { succeeded, type OpOutcome, type StoreOp } from "../store.ts";
import { accountById, followingHandles, handlesByIds, updateProfile } from "./accounts.ts";
import { acceptFollow, rejectFollow, setFollow } from "./follows.ts";
import { setRelation } from "./relations.ts";
import { HIDDEN_ACCOUNTS, OWN_RELATIONS, type RelationKind } from "../rows/relations.ts";
import { createPost, deletePost, postsByIds, setInteraction, viewerState } from "./posts.ts";
import { deleteRemotePost, editRemotePost, receivePost } from "./remote-posts.ts";
import { editPost } from "./post-edits.ts";
import { followingTimeline } from "./timelines.ts";
import type { Statements } from "./statements.ts";

export function isOpApplied(s: Statements, accountId: number, opId: string): boolean {
  return s.get("SELECT 1 FROM applied_ops WHERE account_id = ? AND op_id = ?", accountId, opId) !== undefined;
}

/** Runs an operation; with an op id, at most once (see Store.applyOp). */
export function applyOp(
  s: Statements,
  accountId: number,
  op: StoreOp,
  opId: string | null,
  freed: string[],
): OpOutcome {
  // A request that passed its session check just before the account was deleted does nothing.
  if (s.get(IS_DELETED, accountId)) return { status: "account_deleted" };
  if (opId === null) return runOp(s, accountId, op, freed);
  if (isOpApplied(s, accountId, opId)) return { status: "already_applied" };
  const outcome = runOp(s, accountId, op, freed);
  // Only effects are recorded: a refused op changed nothing, so retrying it later is safe.
  if (succeeded(outcome)) s.run("INSERT INTO applied_ops (account_id, op_id) VALUES (?, ?)", accountId, opId);
  return outcome;
}

function runOp(s: Statements, accountId: number, op: StoreOp, freed: string[]): OpOutcome {
  switch (op.type) {
    case "createPost":
      return createPost(s, accountId, op.post, op.localHost);
    case "editPost":
      return editPost(s, accountId, op);
    case "deletePost":
      return deletePost(s, accountId, op.postId, freed);
    case "like":
    case "unlike":
      return setInteraction(s, "like", accountId, op.postId, op.type === "like");
    case "repost":
    case "unrepost":
      return setInteraction(s, "repost", accountId, op.postId, op.type === "repost");
    case "follow":
    case "unfollow":
      return setFollow(s, accountId, op.handle, op.type === "follow");
    case "block":
    case "unblock":
      return setRelation(s, accountId, op.handle, "block", op.type === "block");
    case "mute":
    case "unmute":
      return setRelation(s, accountId, op.handle, "mute", op.type === "mute");
    case "updateProfile":
      return updateProfile(s, accountId, op.profile, freed);
    case "receivePost":
      return receivePost(s, accountId, op.post);
    case "editRemotePost":
      return editRemotePost(s, accountId, op.post);
    case "deleteRemotePost":
      return deleteRemotePost(s, accountId, op.objectUri, freed);
    case "acceptFollow":
      return acceptFollow(s, accountId, op.followerId);
    case "rejectFollow":
      return rejectFollow(s, accountId, op.followerId);
  }
}

export function latestChangeSeq(s: Statements): number {
  return s.get<{ seq: number | null }>("SELECT max(seq) AS seq FROM changes")?.seq ?? 0;
}

/** Store.firstSyncWindow: one synchronous run of reads on the one connection, so no write commits in between. */
export function firstSyncWindow(
  s: Statements,
  accountId: number,
  limits: { posts: number; follows: number; relations: number },
): FirstSyncWindow | null {
  const cursor = latestChangeSeq(s);
  const account = accountById(s, accountId);
  if (!account) return null;
  const posts = followingTimeline(s, accountId, { before: null, limit: limits.posts });
  return {
    cursor,
    account,
    followees: followingHandles(s, accountId, limits.follows),
    relations: s.all<{ handle: string; kind: RelationKind }>(OWN_RELATIONS, accountId, limits.relations),
    posts,
    viewerState: viewerState(
      s,
      accountId,
      posts.map((p) => p.id),
    ),
  };
}

/**
 * The changes this account should hear of after `after`, in commit order: its own actions (blocks
 * and mutes among them), posts, deletions and counts of the accounts it follows and has not
 * muted, counts of posts it holds (`known`), follows that involve it, profile changes of those
 * it follows and every suspension. Each page reports the last position it
 * examined, so the next pull starts right after it: nothing skipped, nothing repeated.
 */
export function changesSince(
  s: Statements,
  accountId: number,
  after: number,
  known: string[],
  limit: number,
): ChangePage {
  const end = Math.min(after + MAX_SCAN, latestChangeSeq(s));
  const rows = s.allNamed<ChangeRow>(
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
           AND (c.post_author_id = :viewer OR c.post_author_id IN shown))
       OR (c.kind = 'account' AND c.account_id IN followees
           AND c.account_id NOT IN (${HIDDEN_ACCOUNTS}))
       -- Everyone hears of a suspension: every device drops what it holds of the account.
       OR c.kind = 'suspension'
       OR (c.kind = 'counts' AND c.post_id IN (SELECT value FROM json_each(:known)))
     )
     ORDER BY c.seq LIMIT :limit`,
    { viewer: accountId, after, end, known: JSON.stringify(known), limit: limit + 1 },
  );
  const latest = latestChangeSeq(s);
  const ids = referredIds(rows.slice(0, limit));
  // What the page refers to, read in a few queries rather than one or two per row.
  const accounts = new Map<number, AccountRecord>();
  for (const id of ids.accounts) {
    const account = accountById(s, id);
    if (account) accounts.set(id, account);
  }
  const referred = { posts: postsByIds(s, ids.posts), handles: handlesByIds(s, ids.handles), accounts };
  return changePage(rows, referred, { after, end, latest, limit });
}
