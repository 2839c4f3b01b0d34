export interface ChangeEntry {
  /**
   * `postEdited`: an author edited a post of this server (other servers hear an Update);
   * `followRequest`: a local account asked to follow someone elsewhere, or withdrew the request
   * (delivery sends the Follow or its Undo); `followRefused`: their server refused it (only the
   * asker's devices hear of it); `block`, `mute`: an account blocked or muted `targetAccountId`
   * (or stopped: `active` false); its devices hear of it, and a block of someone elsewhere is
   * sent to their server; `suspension`: `targetAccountId` was suspended (or the suspension was
   * lifted: `active` false), which every device hears of; `postRestored`: a post of an account
   * whose suspension was lifted, sent again to its followers' devices (not to other servers);
   * `accountDeleted`: an account of this server deleted itself (other servers hear a
   * Delete(Person); its devices are signed out, every other hears the `suspension` logged with it).
   */
  kind:
    | "post"
    | "postEdited"
    | "postRestored"
    | "postDeleted"
    | "counts"
    | "like"
    | "repost"
    | "follow"
    | "followRequest"
    | "followRefused"
    | "account"
    | "block"
    | "mute"
    | "suspension"
    | "accountDeleted";
  /** Who acted (author, liker, follower, the account updated). */
  accountId: number;
  postId?: string | null;
  postAuthorId?: number | null;
  targetAccountId?: number | null;
  active?: boolean | null;
}

/** Appends one entry to the change log: binds `changeParams(entry)`. */
export const INSERT_CHANGE = `INSERT INTO changes (kind, account_id, post_id, post_author_id, target_account_id, active)
     VALUES (?, ?, ?, ?, ?, ?)`;

/** The values of INSERT_CHANGE: absent fields are NULL, `active` a 0/1 flag. */
export function changeParams(
  entry: ChangeEntry,
): [string, number, string | null, number | null, number | null, number | null] {
  return [
    entry.kind,
    entry.accountId,
    entry.postId ?? null,
    entry.postAuthorId ?? null,
    entry.targetAccountId ?? null,
    entry.active === undefined || entry.active === null ? null : entry.active ? 1 : 0,
  ];
}
