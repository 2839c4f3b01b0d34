import type { NotificationKind, NotificationPage } from "../records.ts";
import type { Statements } from "./statements.ts";

interface NotificationRow {
  id: number;
  kind: NotificationKind;
  actor: string;
  post_id: string | null;
  created_at: string;
  read: number;
}

/** Newest first, before the id `before` (a keyset cursor), with the unread count. */
export function notifications(
  s: Statements,
  accountId: number,
  before: number | null,
  limit: number,
): NotificationPage {
  const rows = s.all<NotificationRow>(
    `SELECT n.id, n.kind, a.handle AS actor, n.post_id, n.created_at, n.read
     FROM notifications n JOIN accounts a ON a.id = n.actor_id
     WHERE n.account_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?`,
    accountId,
    before ?? Number.MAX_SAFE_INTEGER,
    limit,
  );
  return {
    notifications: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      actor: row.actor,
      postId: row.post_id,
      createdAt: row.created_at,
      read: row.read === 1,
    })),
    unread: unreadCount(s, accountId),
  };
}

export function unreadCount(s: Statements, accountId: number): number {
  return s.get<{ n: number }>(
    "SELECT count(*) AS n FROM notifications WHERE account_id = ? AND read = 0",
    accountId,
  )!.n;
}

/** Marks read every notification up to and including `upTo` (all of them when null). */
export function markRead(s: Statements, accountId: number, upTo: number | null): number {
  s.run(
    "UPDATE notifications SET read = 1 WHERE account_id = ? AND read = 0 AND id <= ?",
    accountId,
    upTo ?? Number.MAX_SAFE_INTEGER,
  );
  return unreadCount(s, accountId);
}
