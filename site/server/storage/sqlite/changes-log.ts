import type { Statements } from "./statements.ts";

export interface ChangeEntry {
  kind: "post" | "postDeleted" | "counts" | "like" | "repost" | "follow" | "followRequest" | "account";
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
