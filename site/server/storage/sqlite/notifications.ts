import type { NotificationPage } from "../records.ts";
import {
  NO_CURSOR,
  notificationPage,
  SHOWN,
  UNREAD_COUNT,
  type NotificationRow,
} from "../rows/notifications.ts";
import type { Statements } from "./statements.ts";

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
     WHERE n.account_id = ? AND ${SHOWN} AND n.id < ? ORDER BY n.id DESC LIMIT ?`,
    accountId,
    before ?? NO_CURSOR,
    limit,
  );
  return notificationPage(rows, unreadCount(s, accountId));
}

export function unreadCount(s: Statements, accountId: number): number {
  return s.get<{ n: number }>(UNREAD_COUNT, accountId)!.n;
}

/** Marks read every notification up to and including `upTo` (all of them when null). */
export function markRead(s: Statements, accountId: number, upTo: number | null): number {
  s.run(
    "UPDATE notifications SET read = 1 WHERE account_id = ? AND read = 0 AND id <= ?",
    accountId,
    upTo ?? NO_CURSOR,
  );
  return unreadCount(s, accountId);
}
