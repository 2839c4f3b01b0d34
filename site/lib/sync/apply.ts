import type { OutboxRow } from "../../../shared/db/schema.ts";
import type { OpResult, SyncChange, SyncOp } from "../../../shared/sync.ts";
import { storeAccount } from "../authors.ts";
import { db } from "../db.ts";
import { storeFollow } from "../follows.ts";
import { forgetSuspended, storeRelation } from "../relations.ts";
import { interactionChange, interactionOf } from "../interactions.ts";
import { queuedEdits, queuedPostChanges, storePost, type QueuedPostChanges } from "../posts.ts";
import { extractLinks } from "../../../shared/post-text.ts";

/**
 * Applies one sync answer to the device in one transaction: the outcome of each pushed operation
 * and every change pulled since the cursor, then the new cursor. A crash in between leaves the
 * old cursor, so the same page is asked again and applied again (every step is idempotent).
 * Answers how many operations were settled: a rate-limited one stays in the outbox for later.
 * `owner`: the signed-in person's handle, whose blocks and mutes the changes may hold.
 */
export async function applySyncPage(
  owner: string,
  sent: OutboxRow[],
  results: OpResult[],
  changes: SyncChange[],
  saveCursor: () => Promise<void>,
): Promise<number> {
  let settled = 0;
  const tables = [db.outbox, db.posts, db.accounts, db.settings, db.siteFollows, db.siteRelations];
  await db.transaction("rw", tables, async () => {
    const byOpId = new Map(sent.map((row) => [row.opId, row]));
    const refused: { row: OutboxRow; reason: string; code: string }[] = [];
    for (const result of results) {
      const row = byOpId.get(result.opId);
      if (!row) continue;
      // "Too many posts; try again in 40 s" is not a refusal of the post: it waits for a later sync.
      if (!result.ok && result.error.code === "rate_limited") {
        await db.outbox.update(row.seq!, { lastError: result.error.message });
        continue;
      }
      settled++;
      await db.outbox.where("opId").equals(result.opId).delete();
      const op = row.op as SyncOp;
      if (!result.ok) refused.push({ row, reason: result.error.message, code: result.error.code });
      else if (op.type === "editPost") await editAccepted(op, byOpId);
      if (op.type !== "createPost") continue;
      if (result.ok) await db.posts.update(op.post.id, { localState: undefined, localError: undefined });
      else await db.posts.update(op.post.id, { localState: "failed", localError: result.error.message });
    }
    // Taken back newest first, as they were made: a like then an unlike, both refused, end where
    // they began, not liked.
    refused.sort((a, b) => b.row.seq! - a.row.seq!);
    for (const { row, reason, code } of refused) {
      await undoInteraction(row.op as SyncOp, reason);
      await undoAccountAction(owner, row.op as SyncOp);
      await restorePost(row, reason, code);
    }
    const queued = await queuedPostChanges();
    for (const change of changes) await applyChange(owner, change, queued);
    await saveCursor();
  });
  return settled;
}

/**
 * A like or repost the server refused is taken back on the device, its count with it, and the
 * post says why (PostCard), so the reader sees it did not happen.
 */
async function undoInteraction(op: SyncOp, reason: string): Promise<void> {
  const interaction = interactionOf(op);
  if (!interaction) return;
  const post = await db.posts.get(interaction.postId);
  if (!post) return;
  const change = interactionChange(post, interaction.kind, !interaction.active);
  if (change) await db.posts.update(post.id, { ...change, actionError: reason });
}

/**
 * A follow, block or mute the server refused (someone who blocked the person, an account gone):
 * the device goes back to where it stood before it.
 */
async function undoAccountAction(owner: string, op: SyncOp): Promise<void> {
  if (op.type === "follow") await storeFollow(owner, op.handle, "none");
  else if (op.type === "block" || op.type === "unblock")
    await storeRelation(owner, op.handle, "block", op.type === "unblock");
  else if (op.type === "mute" || op.type === "unmute")
    await storeRelation(owner, op.handle, "mute", op.type === "unmute");
}

/**
 * The server has this text now: an edit still queued after it would be taken back to it, in the
 * outbox and in this answer's own copy of the rows sent (a later edit refused in the same answer).
 */
async function editAccepted(
  op: Extract<SyncOp, { type: "editPost" }>,
  sent: Map<string, OutboxRow>,
): Promise<void> {
  for (const later of await queuedEdits(op.postId)) {
    if (!later.restore) continue;
    const restore = {
      ...later.restore,
      text: op.text,
      links: extractLinks(op.text),
      editedAt: new Date().toISOString(),
    };
    await db.outbox.update(later.seq!, { restore });
    const copy = sent.get(later.opId);
    if (copy) copy.restore = restore;
  }
}

/**
 * A deletion or edit of one's own post the server refused: the post comes back as it was, saying
 * why. Not when the server has no such post (deleted elsewhere): there is nothing to keep.
 */
async function restorePost(row: OutboxRow, reason: string, code: string): Promise<void> {
  const { restore } = row;
  if (!restore || code === "not_found") return;
  if ((row.op as SyncOp).type === "editPost") {
    const { text, links, editedAt } = restore;
    await db.posts.update(restore.id, { text, links, editedAt, actionError: reason });
    return;
  }
  await db.posts.put({ ...restore, actionError: reason });
  // Its deletion had taken the reply off its parent's count.
  const parent = restore.replyTo ? await db.posts.get(restore.replyTo) : undefined;
  if (parent) await db.posts.update(parent.id, { replyCount: parent.replyCount + 1 });
}

async function applyChange(owner: string, change: SyncChange, queued: QueuedPostChanges): Promise<void> {
  switch (change.kind) {
    case "post":
      await storePost(change.post, queued);
      return;
    case "postDeleted":
      await db.posts.delete(change.postId);
      return;
    case "counts":
      await db.posts.update(change.postId, {
        replyCount: change.replyCount,
        likeCount: change.likeCount,
        repostCount: change.repostCount,
      });
      return;
    case "like":
      await db.posts.update(change.postId, { liked: change.active });
      return;
    case "repost":
      await db.posts.update(change.postId, { reposted: change.active });
      return;
    case "follow":
      await storeFollow(
        change.follower,
        change.followee,
        change.active ? (change.requested ? "requested" : "following") : "none",
      );
      return;
    case "account":
      await storeAccount(change.account);
      return;
    case "relation":
      await storeRelation(owner, change.handle, change.relation, change.active);
      return;
    case "suspension":
      if (change.active) await forgetSuspended(change.handle);
      return;
  }
}
