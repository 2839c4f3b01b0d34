import type { Statements } from "./statements.ts";

export interface ChangeEntry {
  /**
   * `followRequest`: a local account asked to follow someone elsewhere, or withdrew the request
   * (delivery sends the Follow or its Undo); `followRefused`: their server refused it (only the
   * asker's devices hear of it).
   */
  kind:
    | "post"
    | "postDeleted"
    | "counts"
    | "like"
    | "repost"
    | "follow"
    | "followRequest"
    | "followRefused"
    | "account";
  /** Who acted (author, liker, follower, the account updated). */
  accountId: number;
  postId?: string | null;
  postAuthorId?: number | null;
  targetAccountId?: number | null;
  active?: boolean | null;
}

/**
 * Appends to the change log inside the caller's transaction, so the change commits (and gets its
 * sequence number) together with the write it describes.
 */
export function logChange(s: Statements, entry: ChangeEntry): void {
  s.run(
    `INSERT INTO changes (kind, account_id, post_id, post_author_id, target_account_id, active)
     VALUES (?, ?, ?, ?, ?, ?)`,
    entry.kind,
    entry.accountId,
    entry.postId ?? null,
    entry.postAuthorId ?? null,
    entry.targetAccountId ?? null,
    entry.active === undefined || entry.active === null ? null : entry.active ? 1 : 0,
  );
}
